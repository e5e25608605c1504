package io.credence.training.data;

/** Training data that cannot be used; the message names the file, column, row and value. */
public class DataException extends RuntimeException {

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
