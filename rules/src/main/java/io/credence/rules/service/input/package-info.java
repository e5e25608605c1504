/**
 * The input contract of the decision service: the JSON Schema of a loan application
 * ({@code docs/application.schema.json}), strict JSON parsing, CSV rows, and violations that
 * name the field, the value and what was expected.
 */
package io.credence.rules.service.input;
