package dev.skiff.watchdog.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.skiff.watchdog.RunningWatchdog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StaticModeTest {

    @TempDir
    Path folder;

    private Path root;

    @BeforeEach
    void files() throws IOException {
        root = Files.createDirectories(folder.resolve("public"));
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
        Files.writeString(root.resolve("app.css"), "body{}");
        Files.writeString(root.resolve("data.json"), "{}");
        Files.writeString(root.resolve("blob.bin"), "raw");
        Files.writeString(root.resolve("module.WASM"), "wasm");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "<h1>docs</h1>");
        Files.createDirectories(root.resolve("empty"));
        Files.writeString(folder.resolve("secret.txt"), "secret"); // beside the root, never served
        Files.createSymbolicLink(root.resolve("leak.txt"), folder.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("up"), folder);
        Files.createSymbolicLink(root.resolve("alias.css"), root.resolve("app.css"));
    }

    /** No fprocess: static mode needs none. */
    private RunningWatchdog start() {
        return RunningWatchdog.start(folder, "mode", "static", "static_path", root.toString());
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "/app.css, text/css; charset=utf-8, body{}",
        "/data.json, application/json, {}",
        "/blob.bin, application/octet-stream, raw",
        "/module.WASM, application/wasm, wasm",
        "/alias.css, text/css; charset=utf-8, body{}",
    })
    void servesAFileWithTheContentTypeOfItsExtension(String path, String type, String body) {
        try (RunningWatchdog watchdog = start()) {
            HttpResponse<String> answer = watchdog.get(path);
            assertEquals(200, answer.statusCode());
            assertEquals(type, answer.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(body, answer.body());
        }
    }

    @Test
    void servesIndexHtmlForAFolder() {
        try (RunningWatchdog watchdog = start()) {
            HttpResponse<String> home = watchdog.get("/");
            assertEquals(200, home.statusCode());
            assertEquals("text/html; charset=utf-8", home.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("<h1>home</h1>", home.body());
            assertEquals("<h1>docs</h1>", watchdog.get("/docs/").body());
            assertEquals("<h1>docs</h1>", watchdog.get("/docs").body());
            assertEquals(404, watchdog.get("/empty/").statusCode(), "a folder without index.html");
        }
    }

    @Test
    void answers404ForAMissingFile() {
        try (RunningWatchdog watchdog = start()) {
            assertEquals(404, watchdog.get("/nope.html").statusCode());
            assertEquals(404, watchdog.get("/docs/nope/").statusCode());
        }
    }

    @Test
    void answersHeadWithTheHeadersAndNoBody() {
        try (RunningWatchdog watchdog = start()) {
            HttpResponse<String> head = watchdog.send(watchdog.request("/app.css")
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, head.statusCode());
            assertEquals("text/css; charset=utf-8", head.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("6", head.headers().firstValue("Content-Length").orElseThrow());
            assertEquals("", head.body());
        }
    }

    @Test
    void answers405WithAllowForOtherMethods() {
        try (RunningWatchdog watchdog = start()) {
            HttpResponse<String> post = watchdog.post("/app.css", "x");
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
            assertEquals(405, watchdog.send(watchdog.request("/")
                    .method("DELETE", HttpRequest.BodyPublishers.noBody())).statusCode());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "/../secret.txt",
        "/../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/docs/../../secret.txt",
        "/docs/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/leak.txt",
        "/up/secret.txt",
        "/%00secret.txt",
    })
    void answers404ForPathsLeadingOutOfTheFolder(String path) throws IOException {
        try (RunningWatchdog watchdog = start()) {
            // A raw request line: an HTTP client might normalise the path before sending it.
            String answer = rawGet(watchdog.port(), path);
            assertTrue(answer.startsWith("HTTP/1.1 404 "), path + " answered:\n" + answer);
            assertTrue(!answer.contains("secret") && !answer.contains("root:"), answer);
        }
    }

    @Test
    void answersHealthAndCountsCallsAsInOtherModes() {
        try (RunningWatchdog watchdog = start()) {
            assertEquals(200, watchdog.get("/_/health").statusCode());
            assertEquals(200, watchdog.get("/_/ready").statusCode());
            watchdog.get("/app.css");
            watchdog.get("/nope");
            String metrics = watchdog.metrics().body();
            assertTrue(metrics.contains("http_requests_total{code=\"200\",method=\"get\"} 1\n"), metrics);
            assertTrue(metrics.contains("http_requests_total{code=\"404\",method=\"get\"} 1\n"), metrics);
        }
    }

    /** Sends one GET with {@code path} as written and returns the answer's head and body as far as sent. */
    private static String rawGet(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            StringBuilder answer = new StringBuilder();
            int n;
            // Read until the blank line after the headers and a bit of body, not to EOF: keep-alive may hold it open.
            while ((n = in.read(buffer)) != -1) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                int headEnd = answer.indexOf("\r\n\r\n");
                if (headEnd >= 0 && answer.length() > headEnd + 4) {
                    break;
                }
            }
            return answer.toString();
        }
    }
}
