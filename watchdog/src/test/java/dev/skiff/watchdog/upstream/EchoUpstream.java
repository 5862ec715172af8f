package dev.skiff.watchdog.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A function server for http-mode tests, run by the watchdog as a real process:
 * {@code java -cp target/test-classes dev.skiff.watchdog.upstream.EchoUpstream PORT [DELAY_MS]}.
 * It waits DELAY_MS before listening, then answers:
 * <ul>
 * <li>{@code /pid}: its process id;</li>
 * <li>{@code /port}: the caller's port, which tells one upstream connection from another;</li>
 * <li>{@code /echo...}: the request body, streamed back;</li>
 * <li>{@code /redirect}: 302 to /elsewhere;</li>
 * <li>{@code /slow?ms=N}: 200 after N ms;</li>
 * <li>anything else: 201 with a text listing method, raw path, raw query, headers and body length,
 * and the header {@code X-Upstream: echo}.</li>
 * </ul>
 */
public final class EchoUpstream {

    private EchoUpstream() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        if (args.length > 1) {
            Thread.sleep(Long.parseLong(args[1]));
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", EchoUpstream::handle);
        server.start();
        System.out.println("echo upstream listening on " + port);
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        try (exchange; InputStream body = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
            if (path.equals("/pid")) {
                send(exchange, 200, String.valueOf(ProcessHandle.current().pid()));
            } else if (path.equals("/port")) {
                send(exchange, 200, String.valueOf(exchange.getRemoteAddress().getPort()));
            } else if (path.startsWith("/echo")) {
                exchange.sendResponseHeaders(200, 0);
                body.transferTo(out);
            } else if (path.equals("/redirect")) {
                exchange.getResponseHeaders().set("Location", "/elsewhere");
                send(exchange, 302, "");
            } else if (path.equals("/slow")) {
                sleep(Long.parseLong(exchange.getRequestURI().getRawQuery().substring("ms=".length())));
                send(exchange, 200, "slow done");
            } else {
                exchange.getResponseHeaders().set("X-Upstream", "echo");
                send(exchange, 201, describe(exchange, body.readAllBytes().length));
            }
        }
    }

    private static String describe(HttpExchange exchange, int bodyLength) {
        StringBuilder text = new StringBuilder()
                .append("method=").append(exchange.getRequestMethod()).append('\n')
                .append("path=").append(exchange.getRequestURI().getRawPath()).append('\n')
                .append("query=").append(exchange.getRequestURI().getRawQuery()).append('\n');
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(exchange.getRequestHeaders());
        headers.forEach((name, values) -> text.append("header.").append(name.toLowerCase())
                .append('=').append(String.join(",", values)).append('\n'));
        return text.append("body-length=").append(bodyLength).append('\n').toString();
    }

    private static void send(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
