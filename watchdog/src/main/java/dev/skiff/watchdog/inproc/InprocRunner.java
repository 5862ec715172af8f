package dev.skiff.watchdog.inproc;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.net.httpserver.HttpExchange;

import dev.skiff.function.Request;
import dev.skiff.function.Response;
import dev.skiff.watchdog.config.GoDuration;
import dev.skiff.watchdog.function.BodyLimit;
import dev.skiff.watchdog.function.ExecTimeout;
import dev.skiff.watchdog.function.FunctionRunner;
import dev.skiff.watchdog.function.Stopwatch;
import dev.skiff.watchdog.function.WatchdogError;
import dev.skiff.watchdog.logs.ConsoleLog;
import dev.skiff.watchdog.server.Exchanges;

/**
 * {@code mode=inproc}: each call becomes a {@link Request} (method, raw path and query, headers with
 * lower-case names, the whole body up to max_request_bytes) and goes to the loaded handler; its
 * {@link Response} is written back with X-Duration-Seconds. A handler that throws gets 500 with a short
 * message (the stack goes to the log); one that runs past the exec timeout is interrupted and the
 * caller gets 504. A JVM cannot kill a thread, so a handler that ignores the interrupt keeps running
 * in the background: its call has been answered, and the log says so.
 */
public final class InprocRunner implements FunctionRunner {

    /** How much of a handler's exception goes into the 500 body; the log has all of it. */
    static final int MAX_ERROR_MESSAGE = 1024;
    /** How many stack frames of a handler's exception go to the log. */
    private static final int MAX_LOGGED_FRAMES = 20;
    private static final java.util.Set<String> FRAMING = java.util.Set.of("content-length", "transfer-encoding",
            "connection", "keep-alive");

    private final LoadedHandler loaded;
    private final Duration execTimeout;
    private final BodyLimit bodyLimit;
    private final String contentType;
    private final ConsoleLog log;
    private final boolean logCallId;

    /**
     * @param contentType the Content-Type of answers whose headers name none ({@code content_type})
     * @param logCallId   {@code log_callid}: tag the call's log lines with its X-Call-Id
     */
    public InprocRunner(LoadedHandler loaded, Duration execTimeout, BodyLimit bodyLimit, String contentType,
                        ConsoleLog log, boolean logCallId) {
        this.loaded = loaded;
        this.execTimeout = execTimeout;
        this.bodyLimit = bodyLimit;
        this.contentType = contentType;
        this.log = log;
        this.logCallId = logCallId;
    }

    @Override
    public void run(HttpExchange exchange) throws IOException {
        Duration limit = ExecTimeout.of(execTimeout, exchange);
        String query = exchange.getRequestURI().getRawQuery();
        Request call = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                query == null ? "" : query, headers(exchange), bodyLimit.readAll(exchange));
        ConsoleLog callLog = logCallId ? log.forCall(Exchanges.header(exchange, "X-Call-Id")) : log;
        Stopwatch watch = Stopwatch.start();
        Response answer;
        try {
            answer = call(call, limit);
        } catch (TimeoutException e) {
            callLog.info("Handler " + loaded.className() + " did not answer within " + GoDuration.format(limit)
                    + " (exec_timeout or X-Timeout): interrupted, caller answered 504");
            exchange.getResponseHeaders().set(Stopwatch.X_DURATION_SECONDS, watch.seconds());
            WatchdogError.EXEC_TIMEOUT.send(exchange, "The handler did not answer within " + GoDuration.format(limit)
                    + " (exec_timeout or X-Timeout).\n");
            return;
        } catch (ExecutionException e) {
            fail(exchange, watch, callLog, e.getCause());
            return;
        }
        if (answer == null || answer.status() < 100 || answer.status() > 599) {
            fail(exchange, watch, callLog, new IllegalStateException(answer == null ? "handle returned null"
                    : "handle returned status " + answer.status() + ", which is not an HTTP status"));
            return;
        }
        write(answer, exchange, watch);
    }

    /**
     * True if the handler answers 2xx to a GET of {@code path} within the exec timeout (or 1 s when
     * none): the readiness check when {@code ready_path} is set.
     */
    public boolean readyAt(String path) {
        Request probe = new Request("GET", path, "", Map.of(), new byte[0]);
        try {
            Response answer = call(probe, execTimeout.isZero() ? Duration.ofSeconds(1) : execTimeout);
            return answer != null && answer.status() >= 200 && answer.status() < 300;
        } catch (TimeoutException | ExecutionException | IOException e) {
            return false;
        }
    }

    /**
     * Calls the handler on its own virtual thread and waits up to {@code limit} (no limit: on this
     * thread), with the function's class loader as the context class loader.
     */
    private Response call(Request call, Duration limit) throws TimeoutException, ExecutionException, IOException {
        if (limit.isZero()) {
            try {
                return invoke(call);
            } catch (Exception e) {
                throw new ExecutionException(e);
            }
        }
        FutureTask<Response> task = new FutureTask<>(() -> invoke(call));
        Thread.ofVirtual().name("handler").start(task);
        try {
            return task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw e;
        } catch (InterruptedException e) {
            // The server gave up on this call (shutdown past write_timeout): stop the handler too.
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the handler ran", e);
        }
    }

    private Response invoke(Request call) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loaded.loader());
        try {
            return loaded.handler().handle(call);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void write(Response answer, HttpExchange exchange, Stopwatch watch) throws IOException {
        boolean typed = false;
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            if (FRAMING.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                continue; // the server frames the body itself
            }
            exchange.getResponseHeaders().set(header.getKey(), header.getValue());
            typed |= header.getKey().equalsIgnoreCase("content-type");
        }
        if (!typed) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.getResponseHeaders().set(Stopwatch.X_DURATION_SECONDS, watch.seconds());
        Exchanges.send(exchange, answer.status(), answer.body() == null ? new byte[0] : answer.body());
    }

    private void fail(HttpExchange exchange, Stopwatch watch, ConsoleLog callLog, Throwable cause)
            throws IOException {
        callLog.info("Handler " + loaded.className() + " failed: " + stack(cause));
        String message = "Handler " + loaded.className() + " failed: " + cause;
        if (message.length() > MAX_ERROR_MESSAGE) {
            message = message.substring(0, MAX_ERROR_MESSAGE) + "... (cut; the log has the rest)";
        }
        exchange.getResponseHeaders().set(Stopwatch.X_DURATION_SECONDS, watch.seconds());
        Exchanges.send(exchange, 500, (message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The exception and its first frames, as one log entry (so concurrent calls' lines do not mix). */
    private static String stack(Throwable e) {
        StringBuilder text = new StringBuilder(e.toString());
        StackTraceElement[] frames = e.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, MAX_LOGGED_FRAMES); i++) {
            text.append("\n\tat ").append(frames[i]);
        }
        if (frames.length > MAX_LOGGED_FRAMES) {
            text.append("\n\t... ").append(frames.length - MAX_LOGGED_FRAMES).append(" more");
        }
        if (e.getCause() != null && e.getCause() != e) {
            text.append("\nCaused by: ").append(e.getCause());
        }
        return text.toString();
    }

    /** Header names in lower case to all their values, in the order they came. */
    private static Map<String, List<String>> headers(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            headers.put(header.getKey().toLowerCase(Locale.ROOT), List.copyOf(header.getValue()));
        }
        return headers;
    }
}
