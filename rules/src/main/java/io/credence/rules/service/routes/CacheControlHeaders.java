package io.credence.rules.service.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * Camel's HTTP header filter, but letting {@code Cache-Control} out: Camel drops that header from
 * every response by default, and every reply that holds a decision, personal data or the
 * service's state must say {@code no-store} (the REST answers, the adverse action notice, the
 * compliance pages, the metrics). {@link #install} makes it the filter of every
 * {@code platform-http} route of a context; the notice route also names it
 * ({@code headerFilterStrategy=#}{@value #BEAN}), for a context where it is not installed.
 *
 * <pre>{@code
 * CacheControlHeaders.install(camelContext);   // before the routes start; the service does it
 * }</pre>
 */
public final class CacheControlHeaders extends HttpHeaderFilterStrategy {

    /** The header and the value of every sensitive reply. */
    public static final String NAME = "Cache-Control";
    public static final String NO_STORE = "no-store";

    /** Its name in the Camel registry. */
    static final String BEAN = "credence-cache-control-headers";

    /** This filter for every {@code platform-http} consumer of {@code camel} created from now on. */
    public static void install(CamelContext camel) {
        camel.getComponent("platform-http", PlatformHttpComponent.class).setHeaderFilterStrategy(new CacheControlHeaders());
    }

    @Override
    protected void initialize() {
        super.initialize();
        getOutFilter().remove("cache-control");
    }
}
