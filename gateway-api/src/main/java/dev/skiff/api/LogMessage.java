package dev.skiff.api;

import java.time.Instant;

/**
 * One line of {@code GET /system/logs}: the stream is one of these per line, as newline-delimited JSON.
 *
 * @param name      the bare function name
 * @param namespace the function's namespace
 * @param instance  the replica (swarm task id) that wrote the line
 * @param timestamp when the line was written, RFC 3339 with nanoseconds
 * @param text      the line, without its newline
 */
public record LogMessage(String name, String namespace, String instance, Instant timestamp, String text) {
}
