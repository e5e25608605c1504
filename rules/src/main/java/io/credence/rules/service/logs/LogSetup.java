package io.credence.rules.service.logs;

import org.slf4j.LoggerFactory;

/**
 * Switches the service's log format once its settings are read (the configuration file may set
 * {@code credence.log.format}); before that, {@link LogbackConfigurator} has used
 * {@code -Dcredence.log.format} or {@code CREDENCE_LOG_FORMAT}. Does nothing when SLF4J is bound
 * to another backend than logback (a library user's choice), or when a logback configuration file
 * is in charge.
 *
 * <pre>{@code
 * LogSetup.use(LogFormat.of(layers.merged().getProperty(LogFormat.KEY)));
 * }</pre>
 */
public final class LogSetup {

    private static final String LOGBACK = "ch.qos.logback.classic.LoggerContext";

    private LogSetup() {
    }

    /** Writes the log in {@code format} from now on; false when logback is not the service's logger. */
    public static boolean use(LogFormat format) {
        // Named, not referenced: without logback on the class path this class still loads.
        if (!LoggerFactory.getILoggerFactory().getClass().getName().equals(LOGBACK)) {
            return false;
        }
        return LogbackConfigurator.reconfigure(format);
    }
}
