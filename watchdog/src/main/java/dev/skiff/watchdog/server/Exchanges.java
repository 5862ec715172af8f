package dev.skiff.watchdog.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import com.sun.net.httpserver.HttpExchange;

/**
 * How the watchdog reads a request's framing and answers with a whole body, over the JDK server's
 * {@link HttpExchange} (whose {@code sendResponseHeaders} takes a length with special values: -1 for
 * no body, 0 for chunked).
 */
public final class Exchanges {

    /** The Content-Type of the watchdog's own plain-text answers. */
    public static final String TEXT_PLAIN = "text/plain";

    private Exchanges() {
    }

    /** The request's first value of header {@code name}, or null. */
    public static String header(HttpExchange exchange, String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** The request's Content-Length, if it has a valid one. */
    public static OptionalLong contentLength(HttpExchange exchange) {
        String value = header(exchange, "Content-Length");
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            long length = Long.parseLong(value.strip());
            return length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** True if the request has a body: a positive Content-Length or a Transfer-Encoding (chunked). */
    public static boolean hasBody(HttpExchange exchange) {
        return header(exchange, "Transfer-Encoding") != null || contentLength(exchange).orElse(0) > 0;
    }

    /** True for a HEAD request, whose answer has headers only. */
    public static boolean isHead(HttpExchange exchange) {
        return "HEAD".equals(exchange.getRequestMethod());
    }

    /** True once the status line and headers have gone out. */
    public static boolean sent(HttpExchange exchange) {
        return exchange.getResponseCode() != -1;
    }

    /** Answers {@code status} with a whole body (none for HEAD), with a Content-Length. */
    public static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (body.length == 0 || isHead(exchange) || status == 204 || status == 304) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Answers {@code status} with a plain-text body. */
    public static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", TEXT_PLAIN);
        send(exchange, status, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The reason phrase of the statuses the watchdog answers itself with. */
    public static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Request Entity Too Large";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status " + status;
        };
    }
}
