package dev.skiff.watchdog.fork;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import dev.skiff.watchdog.config.GoDuration;
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
 * {@code mode=serializing} (of-watchdog executor/serializing_fork_runner.go): reads the whole body,
 * forks {@code fprocess}, and answers with its whole stdout, or 500 with its stderr (the first 16 KiB)
 * when it exits non-zero, or 504 when it runs past the exec timeout. Every answer carries
 * X-Duration-Seconds.
 */
public final class SerializingRunner implements FunctionRunner {

    private final ForkSettings settings;

    public SerializingRunner(ForkSettings settings) {
        this.settings = settings;
    }

    @Override
    public void run(ServerRequest request, ServerResponse response) throws IOException {
        Duration limit = ExecTimeout.of(settings.execTimeout(), request);
        byte[] body = settings.bodyLimit().readAll(request);
        ConsoleLog log = settings.log(request);
        log.info("Forking fprocess.");
        Stopwatch watch = Stopwatch.start();
        StderrCapture stderr = new StderrCapture(log);
        Map<String, String> env = RequestEnvironment.of(settings.environment(), request);
        try (ForkedProcess process = ForkedProcess.start(settings.command(), env, stderr, settings.live(),
                settings.logBufferSize())) {
            process.killAfter(limit);
            process.feed(body);
            byte[] output = process.stdout().readAllBytes();
            int exit = process.awaitExit();
            response.header(Stopwatch.X_DURATION_SECONDS, watch.seconds());
            if (process.timedOut()) {
                WatchdogError.EXEC_TIMEOUT.send(response, "fprocess did not finish within " + GoDuration.format(limit)
                        + " (exec_timeout or X-Timeout) and was killed.\n");
            } else if (exit != 0) {
                response.status(Status.INTERNAL_SERVER_ERROR_500).send(stderr.errorBody(exit));
            } else {
                response.status(Status.OK_200).header(HeaderNames.CONTENT_TYPE, settings.contentType()).send(output);
            }
            log.info("Wrote " + output.length + " Bytes - Duration: " + watch.seconds() + "s");
        }
    }
}
