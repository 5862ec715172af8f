package dev.skiff.watchdog.fork;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

import dev.skiff.watchdog.config.GoDuration;
import dev.skiff.watchdog.function.BodyLimit;
import dev.skiff.watchdog.function.ExecTimeout;
import dev.skiff.watchdog.function.FunctionRunner;
import dev.skiff.watchdog.function.Stopwatch;
import dev.skiff.watchdog.function.WatchdogError;
import dev.skiff.watchdog.logs.ConsoleLog;
import dev.skiff.watchdog.server.Exchanges;

/**
 * {@code mode=streaming} (of-watchdog executor/streaming_runner.go): forks {@code fprocess} per
 * call, streams the body to its stdin and its stdout back as the response, chunk by chunk as it is
 * written. The status is sent with the first byte of output; until then a timeout is still a 504, a
 * body over max_request_bytes a 413 and a failed process a 500 (with its stderr). Once output has
 * gone out, a timeout or an oversized body can only cut the answer short.
 */
public final class StreamingRunner implements FunctionRunner {

    private static final int CHUNK = 32 * 1024;

    private final ForkSettings settings;

    public StreamingRunner(ForkSettings settings) {
        this.settings = settings;
    }

    @Override
    public void run(HttpExchange exchange) throws IOException {
        Duration limit = ExecTimeout.of(settings.execTimeout(), exchange);
        ConsoleLog log = settings.log(exchange);
        // A small body with a known length is read first and written straight to stdin: no feeder thread.
        byte[] smallBody = smallBody(exchange);
        log.info("Forking fprocess.");
        Stopwatch watch = Stopwatch.start();
        StderrCapture stderr = new StderrCapture(log);
        Map<String, String> env = RequestEnvironment.of(settings.environment(), exchange);
        try (ForkedProcess process = ForkedProcess.start(settings.command(), env, stderr, settings.live(),
                settings.logBufferSize())) {
            process.killAfter(limit);
            if (smallBody != null) {
                process.feed(smallBody);
            } else {
                process.feed(settings.bodyLimit().body(exchange));
            }
            long written = stream(process.stdout(), exchange);
            int exit = process.awaitExit();
            if (written == 0 && process.bodyTooLarge()) {
                throw new BodyLimit.TooLarge(settings.bodyLimit().maxBytes());
            } else if (written == 0) {
                answerWithoutOutput(exchange, process.timedOut(), exit, limit, stderr);
            } else if (process.timedOut()) {
                log.info("exec_timeout of " + GoDuration.format(limit) + " passed: fprocess killed, response cut short");
            } else if (process.bodyTooLarge()) {
                log.info("request body over max_request_bytes: fprocess killed, response cut short");
            }
            log.info("Wrote " + written + " Bytes - Duration: " + watch.seconds() + "s");
        }
    }

    private byte[] smallBody(HttpExchange exchange) throws IOException {
        if (!Exchanges.hasBody(exchange)) {
            return new byte[0];
        }
        long length = Exchanges.contentLength(exchange).orElse(-1);
        return length >= 0 && length <= ForkedProcess.DIRECT_WRITE ? settings.bodyLimit().readAll(exchange) : null;
    }

    /** Copies stdout to the response as it comes; sends nothing (and returns 0) if there is none. */
    private long stream(InputStream stdout, HttpExchange exchange) throws IOException {
        byte[] chunk = new byte[CHUNK];
        int n = stdout.read(chunk);
        if (n == -1) {
            return 0;
        }
        exchange.getResponseHeaders().set("Content-Type", settings.contentType());
        boolean head = Exchanges.isHead(exchange);
        exchange.sendResponseHeaders(200, head ? -1 : 0); // 0: chunked, sent as it comes
        long total = 0;
        try (OutputStream body = head ? OutputStream.nullOutputStream() : exchange.getResponseBody()) {
            do {
                body.write(chunk, 0, n);
                body.flush();
                total += n;
            } while ((n = stdout.read(chunk)) != -1);
        }
        return total;
    }

    private void answerWithoutOutput(HttpExchange exchange, boolean timedOut, int exit, Duration limit,
                                     StderrCapture stderr) throws IOException {
        if (timedOut) {
            WatchdogError.EXEC_TIMEOUT.send(exchange, "fprocess did not finish within " + GoDuration.format(limit)
                    + " (exec_timeout or X-Timeout) and was killed.\n");
        } else if (exit != 0) {
            Exchanges.send(exchange, 500, stderr.errorBody(exit));
        } else {
            exchange.getResponseHeaders().set("Content-Type", settings.contentType());
            Exchanges.send(exchange, 200, new byte[0]);
        }
    }
}
