package dev.skiff.queueworker;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 standing where the gateway is, for a function of small capacity: it
 * takes {@code capacity} calls at once, each for {@code work}, and answers 429 to any more, as the
 * watchdog does at its {@code max_inflight}.
 */
final class SmallFunction implements AutoCloseable {
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger served = new AtomicInteger();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger running = new AtomicInteger();

    SmallFunction(int capacity, Duration work) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int code;
            if (running.incrementAndGet() > capacity) {
                refused.incrementAndGet();
                code = 429;
            } else {
                try {
                    Thread.sleep(work);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                served.incrementAndGet();
                code = 200;
            }
            running.decrementAndGet();
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
