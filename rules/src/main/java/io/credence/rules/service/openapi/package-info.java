/**
 * The OpenAPI 3.1 description of the REST API ({@code GET /api/v1/openapi.json}): one hand-written
 * document on the classpath, completed at start with the one application schema
 * ({@code docs/application.schema.json}).
 */
package io.credence.rules.service.openapi;
