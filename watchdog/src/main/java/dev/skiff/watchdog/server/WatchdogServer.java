package dev.skiff.watchdog.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The watchdog's two listeners, both on the JDK's HTTP server: calls and health on {@code port},
 * {@code /metrics} on {@code metrics_port}. Each exchange runs on its own virtual thread, so handlers
 * block freely (a forked process's pipes, the upstream's answer).
 */
public final class WatchdogServer {

    /** Connections waiting to be accepted; beyond this the kernel refuses them. */
    private static final int BACKLOG = 256;

    private final HttpServer calls;
    private final HttpServer metrics;
    private final ExecutorService threads;
    private final CarrierHeartbeat heartbeat;

    private WatchdogServer(HttpServer calls, HttpServer metrics, ExecutorService threads, CarrierHeartbeat heartbeat) {
        this.calls = calls;
        this.metrics = metrics;
        this.threads = threads;
        this.heartbeat = heartbeat;
    }

    /**
     * Listens on both ports and starts serving.
     *
     * @throws IllegalStateException naming the ports when one cannot be bound
     */
    public static WatchdogServer start(String host, int port, HttpHandler routes, int metricsPort,
                                       HttpHandler metricsRoutes) {
        ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("call-", 0).factory());
        HttpServer calls = null;
        try {
            calls = listen(host, port, routes, threads);
            HttpServer metrics = listen(host, metricsPort, metricsRoutes, threads);
            calls.start();
            metrics.start();
            return new WatchdogServer(calls, metrics, threads, new CarrierHeartbeat());
        } catch (IOException e) {
            if (calls != null) {
                calls.stop(0);
            }
            threads.shutdown();
            throw new IllegalStateException("cannot listen on " + host + ":" + port + " or :" + metricsPort
                    + " (" + e.getMessage() + "); is another process using the port? Set port and metrics_port"
                    + " to free ones", e);
        }
    }

    private static HttpServer listen(String host, int port, HttpHandler routes, ExecutorService threads)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), BACKLOG);
        server.setExecutor(threads);
        server.createContext("/", routes);
        return server;
    }

    /** The port calls are served on (the real one when configured with port 0). */
    public int port() {
        return calls.getAddress().getPort();
    }

    /** The port /metrics is served on (the real one when configured with port 0). */
    public int metricsPort() {
        return metrics.getAddress().getPort();
    }

    /**
     * Closes both ports at once, then lets the calls in flight finish for up to {@code drainLimit}
     * (whole seconds, rounded up: the JDK server's unit) and closes their connections after that.
     * Returns as soon as the last call has finished.
     */
    public void stop(Duration drainLimit) {
        metrics.stop(0);
        calls.stop((int) Math.max(1, (drainLimit.toMillis() + 999) / 1000));
        threads.shutdown();
        heartbeat.close();
    }
}
