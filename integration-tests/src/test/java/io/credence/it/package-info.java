/**
 * End-to-end tests across the modules: train a model with the training pipeline, load it into the
 * decision service, decide real German-credit applications over loopback HTTP, and check the
 * audit log (H2 always, PostgreSQL when {@code CREDENCE_TEST_PG_URL} is set).
 */
package io.credence.it;
