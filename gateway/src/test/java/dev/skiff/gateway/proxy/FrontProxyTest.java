package dev.skiff.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.gateway.front.FrontRoutes;
import dev.skiff.gateway.front.FrontServer;
import dev.skiff.gateway.metrics.InvocationMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link ProxyTest} again, through the event-loop front on the caller's side (with the Helidon
 * server behind it on its own port, as in the gateway), plus what only the front does.
 */
class FrontProxyTest extends ProxyTest {

    @Override
    URI serve(Proxy proxy, InvocationMetrics metrics, InetSocketAddress helidon) throws Exception {
        var front = FrontServer.start("127.0.0.1", 0, 1, new FrontRoutes(proxy, WakeGate.open(), metrics,
                "openfaas-fn", helidon), Duration.ofSeconds(1));
        closeAfter(front);
        return URI.create("http://127.0.0.1:" + front.port());
    }

    @Test
    void answersPipelinedRequestsInOrderOnOneConnection() throws Exception {
        var replica = replica(Duration.ofSeconds(30), routing -> routing.any("/*",
                (req, res) -> res.send("path " + req.path().rawPath())));
        deploy("echo", replica);
        var gateway = gateway(ProxySettings.defaults(Duration.ofSeconds(5), Duration.ofSeconds(1)));
        try (var socket = new Socket("127.0.0.1", gateway.getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            var requests = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                requests.append("GET /function/echo/").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            requests.append("GET /function/echo/last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            out.write(requests.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var answers = new String(readAll(socket.getInputStream()), StandardCharsets.US_ASCII);
            int at = 0;
            for (var expected : List.of("path /0", "path /1", "path /2", "path /last")) {
                int found = answers.indexOf(expected, at);
                assertTrue(found > at, () -> expected + " in order in:\n" + answers);
                at = found;
            }
        }
    }

    @Test
    void leavesUnknownFunctionsAndOtherPathsToTheHelidonServer() throws Exception {
        var gateway = gateway(ProxySettings.defaults(Duration.ofSeconds(5), Duration.ofSeconds(1)));
        var missing = open(gateway, "GET", "/function/nosuch");
        assertEquals(404, missing.getResponseCode());
        assertTrue(errorBody(missing).contains("nosuch not found"), "Helidon's own answer");
        assertEquals(404, open(gateway, "GET", "/system/nothing-here").getResponseCode());
    }

    @Test
    void answersTheHealthCheckItselfAsHelidonDoes() throws Exception {
        var gateway = gateway(ProxySettings.defaults(Duration.ofSeconds(5), Duration.ofSeconds(1)));
        var health = open(gateway, "GET", "/healthz?from=test");
        assertEquals(200, health.getResponseCode());
        assertEquals("text/plain; charset=UTF-8", health.getContentType());
        assertTrue(health.getHeaderField("Date") != null, "a Date header, as Helidon's");
        assertEquals("OK", new String(health.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        // On one connection, between other requests, and closed when the caller asks.
        try (var socket = new Socket("127.0.0.1", gateway.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /system/nothing-here HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            var answers = new String(readAll(socket.getInputStream()), StandardCharsets.US_ASCII);
            int first = answers.indexOf("HTTP/1.1 200 OK");
            int relayed = answers.indexOf("HTTP/1.1 404", first);
            int last = answers.indexOf("HTTP/1.1 200 OK", relayed);
            assertTrue(first >= 0 && relayed > first && last > relayed, () -> "in order in:\n" + answers);
            assertTrue(answers.substring(last).toLowerCase().contains("connection: close"), answers);
        }
    }

    @Test
    void anAnswerGivenBeforeTheRequestEndedClosesTheConnectionAndSaysSo() throws Exception {
        // A replica that answers 413 as soon as it has the head, leaving the body unread.
        try (var replica = new java.net.ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (var connection = replica.accept()) {
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(connection.getInputStream(),
                            StandardCharsets.US_ASCII));
                    while (!in.readLine().isEmpty()) {
                        // the head
                    }
                    connection.getOutputStream().write(("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 7\r\n\r\n"
                            + "too big").getBytes(StandardCharsets.US_ASCII));
                    connection.getOutputStream().flush();
                    Thread.sleep(5_000);
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            });
            deploy("small", new InetSocketAddress("127.0.0.1", replica.getLocalPort()));
            var gateway = gateway(ProxySettings.defaults(Duration.ofSeconds(5), Duration.ofSeconds(1)));
            try (var socket = new Socket("127.0.0.1", gateway.getPort())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(("POST /function/small HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000"
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(new byte[1000]);
                socket.getOutputStream().flush();
                var answer = new String(readAll(socket.getInputStream()), StandardCharsets.US_ASCII);
                assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
                assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close\r\n"),
                        "the caller must not send its next call on this connection:\n" + answer);
                assertTrue(answer.endsWith("too big"), answer);
            }
        }
    }

    @Test
    void handsACallWhoseReplicasAllRefuseToHelidonWhichWaitsAndAnswers500() throws Exception {
        deploy("gone", closedPortAddress());
        var gateway = gateway(ProxySettings.defaults(Duration.ofSeconds(5), Duration.ofMillis(500)));
        long started = System.nanoTime();
        var answer = open(gateway, "POST", "/function/gone");
        answer.setDoOutput(true);
        try (var out = answer.getOutputStream()) {
            out.write("body".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(500, answer.getResponseCode());
        assertEquals("Can't reach service for: gone.", errorBody(answer));
        assertEquals("proxy", answer.getHeaderField("X-OpenFaaS-Internal"));
        assertTrue(System.nanoTime() - started >= 400_000_000L, "Helidon's path waited for a replica (replica_wait)");
    }

    private static InetSocketAddress closedPortAddress() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
