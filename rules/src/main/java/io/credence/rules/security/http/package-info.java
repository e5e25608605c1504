/**
 * Access control on the HTTP server, once for every route: {@link
 * io.credence.rules.security.http.AccessControl} runs the authenticators (API keys, bearer tokens,
 * and any passed in, such as browser sessions) and applies the
 * {@link io.credence.rules.security.AccessPolicy}; {@link
 * io.credence.rules.security.http.AccessControlHandler} is its Vert.x handler, which {@link
 * io.credence.rules.security.http.HttpAccessControl} puts on the platform-http router before any
 * route starts; the routes read the principal with {@link
 * io.credence.rules.security.http.RequestPrincipal}.
 */
package io.credence.rules.security.http;
