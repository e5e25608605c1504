/**
 * The channels around {@link io.credence.rules.service.DecisionService}: thin Camel routes (REST
 * over platform-http, a file batch folder, Kafka topics), each with a plain class that does the
 * work and can be tested without Camel.
 */
package io.credence.rules.service.routes;
