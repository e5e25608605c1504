package io.credence.rules.service.routes;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * Camel's HTTP header filter, but letting {@code Cache-Control} out: Camel drops that header from
 * every response by default, and the adverse action notice must say {@code no-store} (it holds
 * personal data). Used by the notice route only ({@code headerFilterStrategy=#}{@value #BEAN}).
 */
final class CacheControlHeaders extends HttpHeaderFilterStrategy {

    /** Its name in the Camel registry. */
    static final String BEAN = "credence-cache-control-headers";

    @Override
    protected void initialize() {
        super.initialize();
        getOutFilter().remove("cache-control");
    }
}
