package dev.skiff.watchdog.fork;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;

import dev.skiff.watchdog.config.GoDuration;
import dev.skiff.watchdog.function.BodyLimit;
import dev.skiff.watchdog.function.ExecTimeout;
import dev.skiff.watchdog.function.FunctionRunner;
import dev.skiff.watchdog.function.Stopwatch;
import dev.skiff.watchdog.function.WatchdogError;
import dev.skiff.watchdog.logs.ConsoleLog;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

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
    public void run(ServerRequest request, ServerResponse response) throws IOException {
        Duration limit = ExecTimeout.of(settings.execTimeout(), request);
        ConsoleLog log = settings.log(request);
        // A small body with a known length is read first and written straight to stdin: no feeder thread.
        byte[] smallBody = smallBody(request);
        log.info("Forking fprocess.");
        Stopwatch watch = Stopwatch.start();
        StderrCapture stderr = new StderrCapture(log);
        Map<String, String> env = RequestEnvironment.of(settings.environment(), request);
        try (ForkedProcess process = ForkedProcess.start(settings.command(), env, stderr, settings.live(),
                settings.logBufferSize())) {
            process.killAfter(limit);
            if (smallBody != null) {
                process.feed(smallBody);
            } else {
                process.feed(settings.bodyLimit().body(request));
            }
            long written = stream(process.stdout(), response);
            int exit = process.awaitExit();
            if (written == 0 && process.bodyTooLarge()) {
                throw new BodyLimit.TooLarge(settings.bodyLimit().maxBytes());
            } else if (written == 0) {
                answerWithoutOutput(response, process.timedOut(), exit, limit, stderr);
            } else if (process.timedOut()) {
                log.info("exec_timeout of " + GoDuration.format(limit) + " passed: fprocess killed, response cut short");
            } else if (process.bodyTooLarge()) {
                log.info("request body over max_request_bytes: fprocess killed, response cut short");
            }
            log.info("Wrote " + written + " Bytes - Duration: " + watch.seconds() + "s");
        }
    }

    private byte[] smallBody(ServerRequest request) throws IOException {
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        long length = request.headers().contentLength().orElse(-1);
        return length >= 0 && length <= ForkedProcess.DIRECT_WRITE ? settings.bodyLimit().readAll(request) : null;
    }

    /** Copies stdout to the response as it comes; sends nothing (and returns 0) if there is none. */
    private long stream(InputStream stdout, ServerResponse response) throws IOException {
        byte[] chunk = new byte[CHUNK];
        int n = stdout.read(chunk);
        if (n == -1) {
            return 0;
        }
        response.status(Status.OK_200).header(HeaderNames.CONTENT_TYPE, settings.contentType());
        long total = 0;
        try (OutputStream body = response.outputStream()) {
            do {
                body.write(chunk, 0, n);
                body.flush();
                total += n;
            } while ((n = stdout.read(chunk)) != -1);
        }
        return total;
    }

    private void answerWithoutOutput(ServerResponse response, boolean timedOut, int exit, Duration limit,
                                     StderrCapture stderr) {
        if (timedOut) {
            WatchdogError.EXEC_TIMEOUT.send(response, "fprocess did not finish within " + GoDuration.format(limit)
                    + " (exec_timeout or X-Timeout) and was killed.\n");
        } else if (exit != 0) {
            response.status(Status.INTERNAL_SERVER_ERROR_500).send(stderr.errorBody(exit));
        } else {
            response.status(Status.OK_200).header(HeaderNames.CONTENT_TYPE, settings.contentType()).send();
        }
    }
}
