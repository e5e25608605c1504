/**
 * Live reload of the service's decision state: the rule base, the model registry and the engine
 * that binds them, held behind one atomic reference ({@link io.credence.rules.service.reload.DecisionStates}).
 * A decision takes the current state once and finishes on it; a swap retires the old state, whose
 * models close only when the last decision that started on it is done (reference counting).
 * {@link io.credence.rules.service.reload.Reloader} builds and checks a new state ({@code POST
 * /admin/rules/reload}, {@code POST /admin/models/reload}, a change in the models folder seen by
 * {@link io.credence.rules.service.reload.ModelsFolderWatch}) and swaps only what passed.
 */
package io.credence.rules.service.reload;
