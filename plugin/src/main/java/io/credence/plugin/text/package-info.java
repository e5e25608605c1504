/**
 * Small text formats shared by the modules: one-line CSV records, read by Apache Commons CSV (the
 * one CSV library of the project).
 */
package io.credence.plugin.text;
