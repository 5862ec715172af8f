package dev.skiff.watchdog.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.skiff.watchdog.function.FunctionRunner;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

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
    public void run(ServerRequest request, ServerResponse response) throws IOException {
        Method method = request.prologue().method();
        if (method != Method.GET && method != Method.HEAD) {
            response.header(HeaderNames.ALLOW, "GET, HEAD");
            plain(response, Status.METHOD_NOT_ALLOWED_405);
            return;
        }
        Optional<Path> file = resolve(request.path().path());
        if (file.isEmpty()) {
            plain(response, Status.NOT_FOUND_404);
            return;
        }
        send(file.get(), method == Method.HEAD, response);
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

    private static void send(Path file, boolean headOnly, ServerResponse response) throws IOException {
        long length = Files.size(file);
        response.header(HeaderNames.CONTENT_TYPE, contentType(file.getFileName().toString()))
                .header(HeaderNames.CONTENT_LENGTH, Long.toString(length));
        if (headOnly) {
            response.send();
            return;
        }
        try (var in = Files.newInputStream(file); OutputStream out = response.outputStream()) {
            in.transferTo(out);
        }
    }

    private static void plain(ServerResponse response, Status status) {
        response.status(status)
                .header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN)
                .send((status.reasonPhrase() + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
