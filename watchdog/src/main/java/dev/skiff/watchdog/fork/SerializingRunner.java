package dev.skiff.watchdog.fork;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

import dev.skiff.watchdog.config.GoDuration;
import dev.skiff.watchdog.function.ExecTimeout;
import dev.skiff.watchdog.function.FunctionRunner;
import dev.skiff.watchdog.function.Stopwatch;
import dev.skiff.watchdog.function.WatchdogError;
import dev.skiff.watchdog.logs.ConsoleLog;
import dev.skiff.watchdog.server.Exchanges;

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
    public void run(HttpExchange exchange) throws IOException {
        Duration limit = ExecTimeout.of(settings.execTimeout(), exchange);
        byte[] body = settings.bodyLimit().readAll(exchange);
        ConsoleLog log = settings.log(exchange);
        log.info("Forking fprocess.");
        Stopwatch watch = Stopwatch.start();
        StderrCapture stderr = new StderrCapture(log);
        Map<String, String> env = RequestEnvironment.of(settings.environment(), exchange);
        try (ForkedProcess process = ForkedProcess.start(settings.command(), env, stderr, settings.live(),
                settings.logBufferSize())) {
            process.killAfter(limit);
            process.feed(body);
            byte[] output = process.stdout().readAllBytes();
            int exit = process.awaitExit();
            exchange.getResponseHeaders().set(Stopwatch.X_DURATION_SECONDS, watch.seconds());
            if (process.timedOut()) {
                WatchdogError.EXEC_TIMEOUT.send(exchange, "fprocess did not finish within " + GoDuration.format(limit)
                        + " (exec_timeout or X-Timeout) and was killed.\n");
            } else if (exit != 0) {
                Exchanges.send(exchange, 500, stderr.errorBody(exit));
            } else {
                exchange.getResponseHeaders().set("Content-Type", settings.contentType());
                Exchanges.send(exchange, 200, output);
            }
            log.info("Wrote " + output.length + " Bytes - Duration: " + watch.seconds() + "s");
        }
    }
}
