/** Small text formats shared by the modules (CSV records). */
package io.credence.plugin.text;
