package dev.skiff.watchdog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpHandler;

import dev.skiff.watchdog.config.ConfigException;
import dev.skiff.watchdog.config.WatchdogConfig;
import dev.skiff.watchdog.files.StaticFiles;
import dev.skiff.watchdog.fork.ForkSettings;
import dev.skiff.watchdog.fork.LiveProcesses;
import dev.skiff.watchdog.fork.SerializingRunner;
import dev.skiff.watchdog.fork.StreamingRunner;
import dev.skiff.watchdog.function.BodyLimit;
import dev.skiff.watchdog.function.FunctionHandler;
import dev.skiff.watchdog.function.FunctionJars;
import dev.skiff.watchdog.function.FunctionRunner;
import dev.skiff.watchdog.function.InflightLimit;
import dev.skiff.watchdog.function.InprocMode;
import dev.skiff.watchdog.health.HealthService;
import dev.skiff.watchdog.health.LockFile;
import dev.skiff.watchdog.logs.ConsoleLog;
import dev.skiff.watchdog.metrics.HttpMetrics;
import dev.skiff.watchdog.metrics.MeteredHandler;
import dev.skiff.watchdog.metrics.MetricsService;
import dev.skiff.watchdog.server.JdkHttpSettings;
import dev.skiff.watchdog.server.Routes;
import dev.skiff.watchdog.server.WatchdogServer;
import dev.skiff.watchdog.upstream.HttpProxy;
import dev.skiff.watchdog.upstream.UpstreamProcess;

/**
 * Starts the watchdog: config from the environment, the mode's runner, health, the server; then
 * waits for SIGTERM. All wiring is here, on one screen; tests call {@link #start} with their own
 * config, lock path, address and log.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        long mainStarted = System.nanoTime();
        WatchdogConfig config;
        try {
            config = WatchdogConfig.fromEnv(System.getenv());
        } catch (ConfigException e) {
            System.err.println("watchdog: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        JdkHttpSettings.apply(config.readTimeout());
        ConsoleLog log = new ConsoleLog(System.out, System.err, config.prefixLogs());
        Watchdog watchdog;
        try {
            watchdog = start(config, LockFile.defaultPath(), "0.0.0.0", log);
        } catch (RuntimeException e) {
            System.err.println("watchdog: cannot start: " + e.getMessage());
            Runtime.getRuntime().halt(1); // halt: an http-mode upstream may already run; the container ends it
            return;
        }
        // SIGTERM (docker stop) runs this: drain, then exit 0 rather than the JVM's 143.
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("watchdog-shutdown").unstarted(() -> {
            watchdog.stop();
            Runtime.getRuntime().halt(0);
        }));
        if (config.mode().forks() && "VFORK".equalsIgnoreCase(System.getProperty("jdk.lang.Process.launchMechanism"))) {
            log.info("Functions are started with vfork (set by /app/fwatchdog: one exec less per call than the"
                    + " JDK's default); the JDK's \"VFORK MODE DEPRECATED\" notice above is expected");
        }
        log.info("Listening on port " + watchdog.port() + " in " + config.mode().text() + " mode (" + watchdog.serving()
                + "), metrics on port " + watchdog.metricsPort() + "; started in " + millisSince(mainStarted) + " ms");
    }

    /** Wires and starts a watchdog; the lock file is written once the server listens. */
    public static Watchdog start(WatchdogConfig config, Path lockPath, String host, ConsoleLog log) {
        LockFile lock = new LockFile(lockPath, config.suppressLock());
        InflightLimit limit = new InflightLimit(config.maxInflight());
        BodyLimit bodyLimit = new BodyLimit(config.maxRequestBytes());
        ModeWiring mode = modeWiring(config, bodyLimit, log);
        HealthService health = new HealthService(lock, mode.ready(), limit::atCapacity);
        HttpMetrics metrics = new HttpMetrics();
        HttpHandler function = new MeteredHandler(metrics, new FunctionHandler(limit, bodyLimit, mode.runner()));
        WatchdogServer server;
        try {
            server = WatchdogServer.start(host, config.port(), routes(health, function, log),
                    config.metricsPort(), new Routes(Map.of(MetricsService.PATH, new MetricsService(metrics)),
                            Routes::notFound, log));
        } catch (IllegalStateException e) {
            mode.closeAfterServer().forEach(Main::closeQuietly);
            throw e;
        }
        lock.create();
        return new Watchdog(server, health, mode.closeAfterServer(), config.healthcheckInterval(),
                config.writeTimeout(), log, mode.serving());
    }

    /** The route table: the watchdog's own /_/ paths, then everything else to the function. */
    static Routes routes(HealthService health, HttpHandler function, ConsoleLog log) {
        return new Routes(Map.of(HealthService.HEALTH_PATH, health::health, HealthService.READY_PATH, health::ready),
                function, log, health::stopping);
    }

    /**
     * What a mode contributes: its runner, its readiness, what to close after the server, and what it
     * serves (for the start-up line).
     */
    private record ModeWiring(FunctionRunner runner, BooleanSupplier ready, List<AutoCloseable> closeAfterServer,
                              String serving) {
    }

    private static ModeWiring modeWiring(WatchdogConfig config, BodyLimit bodyLimit, ConsoleLog log) {
        String command = config.command() == null ? null : String.join(" ", config.command().argv());
        return switch (config.mode()) {
            case STREAMING -> {
                ForkSettings fork = forkSettings(config, bodyLimit, log);
                yield new ModeWiring(new StreamingRunner(fork), () -> true, List.of(fork.live()), command);
            }
            case SERIALIZING -> {
                ForkSettings fork = forkSettings(config, bodyLimit, log);
                yield new ModeWiring(new SerializingRunner(fork), () -> true, List.of(fork.live()), command);
            }
            case HTTP -> {
                UpstreamProcess upstream = UpstreamProcess.start(config.command(), config.environment(),
                        config.upstreamUrl(), log, config.logBufferSize());
                HttpProxy proxy = new HttpProxy(config.upstreamUrl(), upstream, config.execTimeout(),
                        config.writeTimeout(), bodyLimit, config.bufferHttp());
                BooleanSupplier ready = config.readyPath() == null ? upstream::answering
                        : () -> upstream.answering() && proxy.readyAt(config.readyPath());
                yield new ModeWiring(proxy, ready, List.of(proxy, upstream), command);
            }
            case STATIC -> new ModeWiring(new StaticFiles(config.staticPath()), () -> true, List.of(),
                    String.valueOf(config.staticPath()));
            case INPROC -> {
                InprocMode.InprocFunction function = FunctionJars.start(config, bodyLimit, log);
                yield new ModeWiring(function.runner(), function.ready(), List.of(), function.serving());
            }
        };
    }

    private static ForkSettings forkSettings(WatchdogConfig config, BodyLimit bodyLimit, ConsoleLog log) {
        return new ForkSettings(config.command(), config.environment(), config.contentType(), config.execTimeout(),
                log, new LiveProcesses(), bodyLimit, config.logBufferSize(), config.logCallId());
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // start-up is failing anyway; its message says why
        }
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }
}
