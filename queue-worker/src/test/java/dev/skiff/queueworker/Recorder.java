package dev.skiff.queueworker;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP server on 127.0.0.1 that records each request and answers a status chosen per request
 * number: the worker's gateway in these tests (its upstream), and a callback receiver.
 */
final class Recorder implements AutoCloseable {
    record Request(String method, String uri, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** A status that makes the recorder answer as the gateway does itself when a circuit is open: 503, tagged. */
    static final int GATEWAY_503 = -503;

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final AtomicInteger count = new AtomicInteger();

    /** @param status the status of the n-th request (1-based) */
    Recorder(IntUnaryOperator status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes());
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            int code = status.applyAsInt(count.incrementAndGet());
            var answer = ("answer to " + body).getBytes();
            exchange.getResponseHeaders().add("X-From-Function", "yes");
            if (code == GATEWAY_503) {
                exchange.getResponseHeaders().add("X-OpenFaaS-Internal", "proxy");
                code = 503;
            }
            exchange.sendResponseHeaders(code, answer.length);
            exchange.getResponseBody().write(answer);
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
    }
}
