package io.credence.plugin.card;

/** A model card that cannot be read: the message names the file, the JSON path and the problem. */
public class InvalidModelCardException extends RuntimeException {

    public InvalidModelCardException(String message, Throwable cause) {
        super(message, cause);
    }
}
