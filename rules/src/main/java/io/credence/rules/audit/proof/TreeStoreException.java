package io.credence.rules.audit.proof;

/** The tree's database failed or refused a write; the message names the operation and the node. */
public final class TreeStoreException extends RuntimeException {

    public TreeStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
