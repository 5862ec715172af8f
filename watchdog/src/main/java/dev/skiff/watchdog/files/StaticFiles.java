package dev.skiff.watchdog.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.HttpExchange;

import dev.skiff.watchdog.function.FunctionRunner;
import dev.skiff.watchdog.server.Exchanges;

/**
 * static mode's runner (of-watchdog's {@code static} mode): answers GET and HEAD with the file at the
 * request path under {@code static_path}, {@code index.html} for a folder. Anything that does not
 * resolve to a regular file inside the folder, including {@code ..} segments and symbolic links
 * that lead out of it, is 404, so a caller cannot tell an escape attempt from a missing file.
 */
public final class StaticFiles implements FunctionRunner {

    static final String DEFAULT_TYPE = "application/octet-stream";

    /** A small fixed table: enough for a web front end, and no dependence on the image's mime.types. */
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "json", "application/json",
            "png", "image/png",
            "jpg", "image/jpeg",
            "svg", "image/svg+xml",
            "txt", "text/plain; charset=utf-8",
            "wasm", "application/wasm");

    private final Path root;

    /** @param root {@code static_path}; must be an existing folder (the config checks it) */
    public StaticFiles(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("static_path " + root + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void run(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            plain(exchange, 405);
            return;
        }
        Optional<Path> file = resolve(exchange.getRequestURI().getPath());
        if (file.isEmpty()) {
            plain(exchange, 404);
            return;
        }
        send(file.get(), method.equals("HEAD"), exchange);
    }

    /** The file a decoded request path names, if it is a regular file really inside the root. */
    Optional<Path> resolve(String requestPath) {
        for (String segment : requestPath.split("/")) {
            if (segment.equals("..")) {
                return Optional.empty(); // even when it would normalise back inside: no guessing games
            }
        }
        try {
            Path target = root.resolve(requestPath.replaceFirst("^/+", "")).normalize();
            if (Files.isDirectory(target)) {
                target = target.resolve("index.html");
            }
            if (!target.startsWith(root) || !Files.isRegularFile(target)) {
                return Optional.empty();
            }
            Path real = target.toRealPath(); // follows links: one pointing out of the root is refused here
            return real.startsWith(root) ? Optional.of(real) : Optional.empty();
        } catch (InvalidPathException | IOException e) {
            return Optional.empty(); // a NUL in the path, or the file went away: not found either way
        }
    }

    /** The Content-Type for a file name, by its extension. */
    static String contentType(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, DEFAULT_TYPE);
    }

    private static void send(Path file, boolean headOnly, HttpExchange exchange) throws IOException {
        long length = Files.size(file);
        exchange.getResponseHeaders().set("Content-Type", contentType(file.getFileName().toString()));
        if (headOnly) {
            // The JDK server sends a HEAD answer's headers as they are: the length the GET would have.
            exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, length == 0 ? -1 : length);
        try (var in = Files.newInputStream(file); OutputStream out = exchange.getResponseBody()) {
            in.transferTo(out);
        }
    }

    private static void plain(HttpExchange exchange, int status) throws IOException {
        Exchanges.sendText(exchange, status, Exchanges.reason(status) + "\n");
    }
}
