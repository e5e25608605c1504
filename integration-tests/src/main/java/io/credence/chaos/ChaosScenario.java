package io.credence.chaos;

import java.nio.file.Path;

/**
 * A fault scenario the harness finds through {@link java.util.ServiceLoader}, for scenarios that
 * need what only the test class path has (the in-JVM Kafka broker).
 *
 * <pre>{@code
 * public final class KafkaKillScenario implements ChaosScenario { ... }   // + META-INF/services entry
 * }</pre>
 */
public interface ChaosScenario {

    /** Its name on the command line, e.g. {@code kafka-kill}. */
    String name();

    /** Runs it, bounded in time, and reports what the clients got and the store holds. */
    ScenarioReport run(Context context) throws Exception;

    /**
     * What a scenario is given.
     *
     * @param applications distinct applications to send
     * @param work         a folder for its stores and logs
     */
    record Context(int applications, Path work) {
    }
}
