/**
 * The decision audit log compliance reviews: exactly one hash-chained record per application that
 * reached the service, written durably before any decision leaves it.
 */
package io.credence.rules.audit;
