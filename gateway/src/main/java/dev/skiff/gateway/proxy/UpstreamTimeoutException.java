package dev.skiff.gateway.proxy;

/** The replica did not answer within the gateway's upstream timeout. */
public class UpstreamTimeoutException extends RuntimeException {
    public UpstreamTimeoutException(String function, Throwable cause) {
        super("function " + function + " did not answer in time", cause);
    }
}
