package dev.skiff.gateway.provider;

import java.time.Instant;
import java.util.Optional;

/**
 * Which log lines of a function to send.
 *
 * @param name     the function
 * @param instance only this replica's lines (a task id), if present
 * @param since    only lines written at or after this time, if present
 * @param tail     only the last this many lines of each replica; 0 or less means all
 * @param follow   keep sending new lines until the caller goes away, instead of ending after the existing ones
 */
public record LogRequest(String name, Optional<String> instance, Optional<Instant> since, int tail, boolean follow) {
}
