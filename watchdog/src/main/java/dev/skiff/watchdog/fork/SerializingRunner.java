package dev.skiff.watchdog.fork;

import java.io.IOException;
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
 * {@code mode=serializing} (of-watchdog executor/serializing_fork_runner.go): reads the whole body,
 * forks {@code fprocess}, and answers with its whole stdout, or 500 with its stderr when it exits
 * non-zero, or 504 when it runs past the exec timeout. Every answer carries X-Duration-Seconds.
 */
public final class SerializingRunner implements FunctionRunner {

    /** How much stderr goes into a 500 body; the full text is in the container log anyway. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final ForkSettings settings;

    public SerializingRunner(ForkSettings settings) {
        this.settings = settings;
    }

    @Override
    public void run(ServerRequest request, ServerResponse response) throws IOException {
        Duration limit = ExecTimeout.of(settings.execTimeout(), request);
        byte[] body = request.content().hasEntity() ? request.content().inputStream().readAllBytes() : new byte[0];
        settings.log().info("Forking fprocess.");
        Stopwatch watch = Stopwatch.start();
        StringBuffer stderr = new StringBuffer();
        Map<String, String> env = RequestEnvironment.of(settings.environment(), request);
        try (ForkedProcess process = ForkedProcess.start(settings.command(), env, line -> keep(line, stderr), settings.live())) {
            process.feed(body);
            process.killAfter(limit);
            byte[] output = process.stdout().readAllBytes();
            int exit = process.awaitExit();
            response.header(Stopwatch.X_DURATION_SECONDS, watch.seconds());
            if (process.timedOut()) {
                WatchdogError.EXEC_TIMEOUT.send(response, "fprocess did not finish within " + GoDuration.format(limit)
                        + " (exec_timeout or X-Timeout) and was killed.\n");
            } else if (exit != 0) {
                String text = stderr.isEmpty() ? "exit status " + exit + "\n" : stderr.toString();
                response.status(Status.INTERNAL_SERVER_ERROR_500).send(text.getBytes(StandardCharsets.UTF_8));
            } else {
                response.status(Status.OK_200).header(HeaderNames.CONTENT_TYPE, settings.contentType()).send(output);
            }
            settings.log().info("Wrote " + output.length + " Bytes - Duration: " + watch.seconds() + "s");
        }
    }

    /**
     * Logs a stderr line and keeps it for a 500 body. A StringBuffer, because a pump that outlives
     * the drain wait in awaitExit may still append while the answer is being built.
     */
    private void keep(String line, StringBuffer stderr) {
        settings.log().stderr(line);
        if (stderr.length() < MAX_ERROR_BODY) {
            stderr.append(line).append('\n');
        }
    }
}
