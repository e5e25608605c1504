package io.credence.plugin.runtime;

import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check every model output passes on its way out of a {@link ModelSession}, on every path
 * (one row, micro-batched, batch, explanation): a probability in [0, 1] goes on ({@code -0.0} as
 * {@code 0.0}); NaN, an infinity or a value outside [0, 1] is counted, logged at WARN (model id,
 * output and value only, never the application) and becomes an {@link InvalidModelOutputException}.
 * One guard per session, so every loaded model version of every registry counts on its own.
 */
final class OutputGuard {

    private static final Logger LOG = LoggerFactory.getLogger(OutputGuard.class);

    private final String modelId;
    private final String output;
    private final LongAdder invalid = new LongAdder();

    OutputGuard(String modelId, String outputName, int outputIndex) {
        this.modelId = modelId;
        this.output = "output '" + outputName + "', column " + outputIndex;
    }

    /** Outputs refused so far. */
    long invalidOutputs() {
        return invalid.sum();
    }

    /** One caller's value: returned as a probability, or refused. */
    double check(double value) {
        if (Score.isProbability(value)) {
            return value + 0.0; // -0.0 -> 0.0
        }
        invalid.increment();
        throw refused("returned " + value, value);
    }

    /** The values of one batch, checked in place: all are probabilities, or the whole batch is refused. */
    double[] checkAll(double[] values) {
        int bad = 0;
        int first = -1;
        for (int r = 0; r < values.length; r++) {
            if (Score.isProbability(values[r])) {
                values[r] += 0.0; // -0.0 -> 0.0
            } else {
                bad++;
                first = first < 0 ? r : first;
            }
        }
        if (bad == 0) {
            return values;
        }
        invalid.add(bad);
        throw refused("returned " + values[first] + " for row " + first + " of " + values.length + " (" + bad + " of "
                + values.length + " rows not a probability)", values[first]);
    }

    private InvalidModelOutputException refused(String what, double value) {
        String message = what + ", expected a probability in [0, 1] (" + output + ")";
        LOG.warn("model {}: {}; {} invalid outputs from this version so far", modelId, message, invalid.sum());
        return new InvalidModelOutputException(modelId, message, value);
    }
}
