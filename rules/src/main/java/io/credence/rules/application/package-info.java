/** The loan application as the rules see it, and how model features are read from it. */
package io.credence.rules.application;
