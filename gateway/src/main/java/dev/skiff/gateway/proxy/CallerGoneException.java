package dev.skiff.gateway.proxy;

/**
 * The caller went away (closed its connection) while its call was being answered. The connection to the
 * replica has been closed with it, so the function sees its caller gone too; there is no one to answer.
 */
public class CallerGoneException extends RuntimeException {
    public CallerGoneException(Throwable cause) {
        super("the caller closed the connection", cause);
    }
}
