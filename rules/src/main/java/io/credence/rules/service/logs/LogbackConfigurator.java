package io.credence.rules.service.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.credence.rules.service.DecisionService;
import org.slf4j.LoggerFactory;

/**
 * The service's logback set-up, found by logback through {@code ServiceLoader}: INFO and above to
 * standard error (and the outcome line of each decision, {@code credence.decisions}), as {@link LogFormat#TEXT} ({@code [thread] LEVEL logger - message}) or
 * {@link LogFormat#JSON} (logback's {@link JsonEncoder}: timestamp, level, thread, logger, MDC,
 * the formatted message, the throwable; not the message's arguments apart from it), chosen by
 * {@code -Dcredence.log.format} or {@code CREDENCE_LOG_FORMAT}. A {@code logback.xml} (or
 * {@code -Dlogback.configurationFile}) takes precedence: then this configurator stands aside.
 */
public final class LogbackConfigurator extends ContextAwareBase implements Configurator {

    static final String APPENDER = "credence-console";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || getClass().getClassLoader().getResource("logback.xml") != null
                || getClass().getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String setting = System.getProperty(LogFormat.KEY, System.getenv("CREDENCE_LOG_FORMAT"));
        LogFormat format;
        try {
            format = LogFormat.of(setting);
        } catch (IllegalArgumentException e) {
            // The settings check names it again at start; the log itself stays readable.
            format = LogFormat.TEXT;
        }
        install(context, format);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Replaces the console appender this configurator installed; false when it installed none. */
    static boolean reconfigure(LogFormat format) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(APPENDER) == null) {
            return false;
        }
        install(context, format);
        return true;
    }

    private static void install(LoggerContext context, LogFormat format) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setTarget("System.err");
        appender.setEncoder(encoder(context, format));
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        // The service's one line per decision outcome (DecisionService logs it at DEBUG).
        context.getLogger(DecisionService.OUTCOME_LOGGER).setLevel(Level.DEBUG);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }

    /** The encoder of {@code format}, as the service writes its lines. */
    static Encoder<ILoggingEvent> encoder(LoggerContext context, LogFormat format) {
        if (format == LogFormat.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            // The formatted message only: the pattern and its arguments would say the same twice.
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern("[%thread] %level %logger - %msg%n");
        text.start();
        return text;
    }
}
