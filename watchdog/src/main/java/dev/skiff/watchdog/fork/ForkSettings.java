package dev.skiff.watchdog.fork;

import dev.skiff.watchdog.config.Command;
import dev.skiff.watchdog.logs.ConsoleLog;
import java.time.Duration;
import java.util.Map;

/**
 * What both fork modes need to run {@code fprocess} for a call.
 *
 * @param command     the process to fork, already split and checked
 * @param environment the container's environment, to which each call adds its {@code Http_*} variables
 * @param contentType Content-Type of the answers
 * @param execTimeout the longest a process may run; zero for no limit
 * @param log         the container log
 * @param live        the processes still running, killed at shutdown
 */
public record ForkSettings(Command command, Map<String, String> environment, String contentType,
                           Duration execTimeout, ConsoleLog log, LiveProcesses live) {
}
