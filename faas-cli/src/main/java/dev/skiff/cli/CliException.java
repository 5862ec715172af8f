package dev.skiff.cli;

/**
 * A failure the user can act on. Its message is printed as is (no stack trace), so it should say
 * what went wrong and what to do next.
 */
public class CliException extends RuntimeException {

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
