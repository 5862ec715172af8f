package dev.skiff.watchdog.fork;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.skiff.watchdog.config.GoDuration;
import dev.skiff.watchdog.function.ExecTimeout;
import dev.skiff.watchdog.function.FunctionRunner;
import dev.skiff.watchdog.function.Stopwatch;
import dev.skiff.watchdog.function.WatchdogError;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code mode=streaming} (of-watchdog executor/streaming_runner.go): forks {@code fprocess} per
 * call, streams the body to its stdin and its stdout back as the response, chunk by chunk as it is
 * written. The status is sent with the first byte of output; until then a timeout is still a 504 and
 * a failed process a 500. Once output has gone out, a timeout can only cut the body short.
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
        settings.log().info("Forking fprocess.");
        Stopwatch watch = Stopwatch.start();
        Map<String, String> env = RequestEnvironment.of(settings.environment(), request);
        try (ForkedProcess process = ForkedProcess.start(settings.command(), env, settings.log()::stderr,
                settings.live())) {
            process.feed(request.content().inputStream());
            process.killAfter(limit);
            long written = stream(process.stdout(), response);
            int exit = process.awaitExit();
            if (written == 0) {
                answerWithoutOutput(response, process.timedOut(), exit, limit);
            } else if (process.timedOut()) {
                settings.log().info("exec_timeout of " + GoDuration.format(limit)
                        + " passed: fprocess killed, response cut short");
            }
            settings.log().info("Wrote " + written + " Bytes - Duration: " + watch.seconds() + "s");
        }
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

    private void answerWithoutOutput(ServerResponse response, boolean timedOut, int exit, Duration limit) {
        if (timedOut) {
            WatchdogError.EXEC_TIMEOUT.send(response, "fprocess did not finish within " + GoDuration.format(limit)
                    + " (exec_timeout or X-Timeout) and was killed.\n");
        } else if (exit != 0) {
            response.status(Status.INTERNAL_SERVER_ERROR_500)
                    .send(("exit status " + exit + "\n").getBytes(StandardCharsets.UTF_8));
        } else {
            response.status(Status.OK_200).header(HeaderNames.CONTENT_TYPE, settings.contentType()).send();
        }
    }
}
