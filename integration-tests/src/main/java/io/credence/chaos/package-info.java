/**
 * Reliability under faults: the decision service in JVMs of its own that can be killed and
 * restarted ({@link io.credence.chaos.ServiceProcess}), and the chaos harness that kills them,
 * restarts databases and holds locks under load and counts what was lost or doubled
 * ({@code docs/reliability.md}).
 */
package io.credence.chaos;
