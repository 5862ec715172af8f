package dev.skiff.watchdog.fork;

import java.time.Duration;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

import dev.skiff.watchdog.config.Command;
import dev.skiff.watchdog.function.BodyLimit;
import dev.skiff.watchdog.logs.ConsoleLog;

/**
 * What both fork modes need to run {@code fprocess} for a call.
 *
 * @param command       the process to fork, already split and checked
 * @param environment   the container's environment, to which each call adds its {@code Http_*} variables
 * @param contentType   Content-Type of the answers
 * @param execTimeout   the longest a process may run; zero for no limit
 * @param log           the container log
 * @param live          the processes still running, killed at their deadline or at shutdown
 * @param bodyLimit     {@code max_request_bytes}
 * @param logBufferSize {@code log_buffer_size}: the longest stderr line logged whole, -1 unbuffered
 * @param logCallId     {@code log_callid}: tag the call's log lines with its X-Call-Id
 */
public record ForkSettings(Command command, Map<String, String> environment, String contentType,
                           Duration execTimeout, ConsoleLog log, LiveProcesses live, BodyLimit bodyLimit,
                           int logBufferSize, boolean logCallId) {

    /** The log for one call: tagged with its X-Call-Id when log_callid is on. */
    ConsoleLog log(HttpExchange exchange) {
        return logCallId ? log.forCall(exchange.getRequestHeaders().getFirst("X-Call-Id")) : log;
    }
}
