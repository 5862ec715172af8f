package dev.skiff.gateway.front;

import io.netty.handler.codec.http.HttpObject;

/** One request of a caller's connection and its answer, as {@link CallerHandler} drives it. */
interface CallerExchange {
    void start();

    /** A part of the request's body ({@code HttpContent}, the last one ending it). */
    void callerRead(HttpObject msg);

    boolean requestEnded();

    /** Whether the caller's socket may be read now. */
    boolean callerMayRead();

    void callerReadComplete();

    void callerWritabilityChanged();

    /** The caller closed its connection. */
    void callerGone();
}
