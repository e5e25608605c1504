package io.credence.rules.service.main;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * The camel-main that runs the service's routes, and the integrator's routes of
 * {@code camel.main.routesIncludePattern}, configured from the {@code camel.*} keys of
 * {@link ConfigurationLayers} ({@code camel.main.shutdownTimeout}, {@code camel.health.*}, ...).
 * The layers already hold the environment and the system properties in the service's order, so
 * camel-main's own reading of them is switched off, and so is the properties component's: a
 * {@code {{placeholder}}} in a route resolves in the same order as every setting.
 *
 * <pre>{@code
 * Main main = ServiceMain.create(layers.camel(), List.of(new RestRoutes(http)), camel -> camel.addService(server));
 * main.start();
 * }</pre>
 */
public final class ServiceMain {

    /** The name of the Camel context (logs, JMX). */
    public static final String NAME = "credence";

    private ServiceMain() {
    }

    /**
     * A camel-main, not started.
     *
     * @param properties      what camel-main and the routes' placeholders see (secrets left out by the caller)
     * @param routes          the service's routes
     * @param beforeConfigure what to add to the context before camel-main configures it and loads the
     *                        routes (the HTTP server, access control)
     * @param afterConfigure  what to do once it is configured and the routes are loaded, before it starts
     */
    public static Main create(Map<String, String> properties, List<RoutesBuilder> routes,
                              Consumer<CamelContext> beforeConfigure, Consumer<CamelContext> afterConfigure) {
        Main main = new Main();
        // No file of camel-main's own: the layers (jar defaults, --config, ./application.properties) are read already.
        main.setDefaultPropertyPlaceholderLocation("false");
        main.configure().setName(NAME);
        main.configure().setAutoConfigurationEnvironmentVariablesEnabled(false);
        main.configure().setAutoConfigurationSystemPropertiesEnabled(false);
        // The service's code has no Java routes to scan for; the integrator's come by pattern.
        main.configure().setBasePackageScanEnabled(false);
        Properties override = new Properties();
        override.putAll(properties);
        main.setOverrideProperties(override);
        routes.forEach(main.configure()::addRoutesBuilder);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport support) {
                CamelContext camel = support.getCamelContext();
                if (camel.getPropertiesComponent() instanceof PropertiesComponent pc) {
                    pc.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
                    pc.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
                }
                beforeConfigure.accept(camel);
            }

            @Override
            public void afterConfigure(BaseMainSupport support) {
                afterConfigure.accept(support.getCamelContext());
            }
        });
        return main;
    }
}
