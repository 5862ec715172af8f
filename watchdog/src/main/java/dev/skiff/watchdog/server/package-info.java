/**
 * The HTTP side of the watchdog, on the JDK's own server ({@code com.sun.net.httpserver}, module
 * jdk.httpserver): the two listeners (calls and health on {@code port}, {@code /metrics} on
 * {@code metrics_port}) on virtual threads, the route table, the JVM-wide settings of the JDK's HTTP
 * server, and the few ways the watchdog reads a request and answers one.
 *
 * <p>Why the JDK's server rather than Helidon's: the watchdog starts on every cold start, and
 * Helidon's WebServer loaded ~3,300 classes before the first answer (its service registry,
 * configuration, media and encoding support), which set the start-up time, most of the AOT cache
 * and of the image. This one is a maintained library (no hand-written HTTP parsing here) that does
 * what the modes need: streamed request bodies (chunked too), chunked and fixed-length answers,
 * keep-alive, 100-continue, HEAD, and a graceful stop that waits for exchanges in flight.
 */
package dev.skiff.watchdog.server;
