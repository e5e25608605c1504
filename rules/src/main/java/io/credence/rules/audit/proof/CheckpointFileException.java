package io.credence.rules.audit.proof;

import java.nio.file.Path;

/** A line of a {@link CheckpointFile} is malformed, badly signed or out of order; names the file and the line. */
public final class CheckpointFileException extends RuntimeException {

    private final transient Path file;
    private final int lineNumber;

    public CheckpointFileException(Path file, int lineNumber, String problem, Throwable cause) {
        super(file + " line " + lineNumber + ": " + problem, cause);
        this.file = file;
        this.lineNumber = lineNumber;
    }

    /** The witness file. */
    public Path file() {
        return file;
    }

    /** The bad line, from 1. */
    public int lineNumber() {
        return lineNumber;
    }
}
