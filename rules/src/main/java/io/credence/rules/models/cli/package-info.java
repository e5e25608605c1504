/** {@code credence models}: commands over the models the service decided with. */
package io.credence.rules.models.cli;
