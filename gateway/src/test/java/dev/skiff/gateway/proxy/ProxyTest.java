package dev.skiff.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.gateway.api.ErrorResponses;
import dev.skiff.gateway.api.InvokeService;
import dev.skiff.gateway.metrics.InvocationMetrics;
import dev.skiff.gateway.provider.DeploymentValidator;
import dev.skiff.gateway.provider.Endpoints;
import dev.skiff.gateway.provider.FunctionNotFoundException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy in-process, between real sockets on 127.0.0.1: a gateway (the real InvokeService and error
 * mapping on a Helidon server) in front of small Helidon servers standing as replicas. {@link FrontProxyTest}
 * runs the same tests through the event-loop front.
 */
class ProxyTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<String, List<InetSocketAddress>> replicas = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> annotations = new ConcurrentHashMap<>();
    private final List<InetSocketAddress> reportedUnreachable = new CopyOnWriteArrayList<>();

    /** What the provider would answer, for functions this test deploys. */
    private final Endpoints endpoints = new Endpoints() {
        @Override
        public List<InetSocketAddress> endpoints(String name) {
            var found = replicas.get(name);
            if (found == null) {
                throw new FunctionNotFoundException(name);
            }
            return found;
        }

        @Override
        public void reportUnreachable(String name, InetSocketAddress replica) {
            reportedUnreachable.add(replica);
        }

        @Override
        public Map<String, String> annotations(String name) {
            return annotations.getOrDefault(name, Map.of());
        }
    };

    @AfterEach
    void close() throws Exception {
        for (var closeable : closeables.reversed()) {
            closeable.close();
        }
    }

    @Test
    void retriesOnceOnAFreshConnectionWhenAReusedOneWasClosedByTheReplica() throws Exception {
        var served = new AtomicInteger();
        // The replica closes idle connections after 300 ms; the gateway is told to keep them for 10 s.
        var replica = replica(Duration.ofMillis(300), routing -> routing.any("/*", (req, res) -> {
            served.incrementAndGet();
            res.send(req.content().hasEntity() ? "got " + req.content().as(String.class) : "ok");
        }));
        replicas.put("echo", List.of(replica));
        var gateway = gateway(ProxySettings.defaults(Duration.ofSeconds(5), Duration.ofSeconds(1))
                .withIdleTimeout(Duration.ofSeconds(10)));
        for (int i = 0; i < 3; i++) {
            assertEquals("ok", call(gateway, "GET", "/function/echo", null).body());
            Thread.sleep(800);
            assertEquals("got hi", call(gateway, "POST", "/function/echo", "hi").body());
            Thread.sleep(800);
        }
        assertEquals(6, served.get(), "every call reached the replica exactly once");
    }

    @Test
    void expiresIdleConnectionsBeforeTheReplicaDoes() throws Exception {
        var connections = new AtomicInteger();
        var replica = replica(Duration.ofSeconds(30), routing -> routing.any("/*", (req, res) -> res.send("ok")));
        replicas.put("echo", List.of(replica));
        var settings = ProxySettings.defaults(Duration.ofSeconds(5), Duration.ofSeconds(1))
                .withIdleTimeout(Duration.ofMillis(200));
        var pool = new UpstreamPool(WebClient.builder().build(), settings.idleTimeout(), 16);
        closeables.add(pool);
        var lease = pool.acquire(replica, settings.idleTimeout());
        connections.incrementAndGet();
        lease.connection().releaseResource();
        assertEquals(1, pool.idleConnections());
        assertTrue(pool.acquire(replica, settings.idleTimeout()).reused(), "a connection idle briefly is reused");
        Thread.sleep(700);
        assertEquals(0, pool.idleConnections(), "the sweeper closed the connection left idle");
        var later = pool.acquire(replica, settings.idleTimeout());
        assertFalse(later.reused(), "after the idle limit a new connection is made");
        later.connection().closeResource();
    }

    @Test
    void movesToTheNextReplicaWhenOneRefusesAndReportsIt() throws Exception {
        var refusing = closedPort();
        var live = replica(Duration.ofSeconds(30), routing -> routing.any("/*", (req, res) -> res.send("live")));
        replicas.put("echo", List.of(refusing, live));
        var gateway = gateway(ProxySettings.defaults(Duration.ofSeconds(5), Duration.ofSeconds(1)));
        for (int i = 0; i < 6; i++) {
            var answer = call(gateway, "POST", "/function/echo", "x");
            assertEquals(200, answer.status());
            assertEquals("live", answer.body());
        }
        assertTrue(reportedUnreachable.contains(refusing), "the refusing replica was reported to the provider");
        assertEquals(1, reportedUnreachable.size(), "and then skipped for a while, not tried on every call");
    }

    @Test
    void circuitBreakerOpensOnAFailingFunctionAndClosesWhenItRecovers() throws Exception {
        var failing = new AtomicBoolean(true);
        var served = new AtomicInteger();
        var replica = replica(Duration.ofSeconds(30), routing -> routing.any("/*", (req, res) -> {
            served.incrementAndGet();
            if (failing.get()) {
                res.status(Status.BAD_GATEWAY_502).send("upstream down");
            } else {
                res.send("fine");
            }
        }));
        replicas.put("flaky", List.of(replica));
        var gateway = gateway(ProxySettings.defaults(Duration.ofSeconds(5), Duration.ofSeconds(1))
                .withBreaker(50, 4, Duration.ofMillis(500)));
        for (int i = 0; i < 4; i++) {
            assertEquals(502, call(gateway, "GET", "/function/flaky", null).status());
        }
        var refused = call(gateway, "GET", "/function/flaky", null);
        assertEquals(503, refused.status());
        assertTrue(refused.body().contains("circuit breaker open"), refused.body());
        assertEquals(4, served.get(), "an open circuit does not reach the replica");

        failing.set(false);
        Thread.sleep(600);
        for (int i = 0; i < 5; i++) {
            assertEquals("fine", call(gateway, "GET", "/function/flaky", null).body());
        }
    }

    @Test
    void eventStreamReachesTheCallerAsWritten() throws Exception {
        var release = new CountDownLatch(1);
        var replica = replica(Duration.ofSeconds(30), routing -> routing.get("/*", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
            try (var out = res.outputStream()) {
                out.write("data: first\n\n".getBytes());
                out.flush();
                release.await(10, TimeUnit.SECONDS);
                out.write("data: last\n\n".getBytes());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        replicas.put("events", List.of(replica));
        var gateway = gateway(ProxySettings.defaults(Duration.ofSeconds(5), Duration.ofSeconds(1)));
        var connection = open(gateway, "GET", "/function/events");
        connection.setRequestProperty("Accept", "text/event-stream");
        try (var in = connection.getInputStream()) {
            assertEquals("text/event-stream", connection.getHeaderField("Content-Type"));
            assertEquals("data: first\n\n", new String(in.readNBytes(13)), "the first event, while the function still runs");
            release.countDown();
            assertEquals("data: last\n\n", new String(in.readAllBytes()));
        }
    }

    @Test
    void largeUploadStreamsThroughWithoutBeingHeldWhole() throws Exception {
        long size = 100L * 1024 * 1024;
        var firstBytesArrived = new CountDownLatch(1);
        var received = new AtomicLong();
        var replica = replica(Duration.ofSeconds(30), routing -> routing.post("/*", (req, res) -> {
            var buffer = new byte[64 * 1024];
            long total = 0;
            try (var in = req.content().inputStream()) {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    total += n;
                    firstBytesArrived.countDown();
                }
            }
            received.set(total);
            res.send(String.valueOf(total));
        }));
        replicas.put("sink", List.of(replica));
        var gateway = gateway(ProxySettings.defaults(Duration.ofSeconds(30), Duration.ofSeconds(1)));
        var connection = open(gateway, "POST", "/function/sink");
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(size);
        try (var out = connection.getOutputStream()) {
            var chunk = new byte[1024 * 1024];
            for (long sent = 0; sent < size; sent += chunk.length) {
                out.write(chunk);
                if (sent == 8L * chunk.length) {
                    // Half-way is far beyond any buffer: the replica must be reading already.
                    assertTrue(firstBytesArrived.await(10, TimeUnit.SECONDS),
                            "the replica got the start of the body while the caller was still sending it");
                }
            }
        }
        assertEquals(200, connection.getResponseCode());
        assertEquals(String.valueOf(size), new String(connection.getInputStream().readAllBytes()));
        assertEquals(size, received.get());
    }

    @Test
    void functionTimeoutFromItsAnnotationAnswers502AndACallerLeavingCancelsTheCall() throws Exception {
        var cancelled = new CountDownLatch(1);
        var replica = replica(Duration.ofSeconds(30), routing -> routing.get("/*", (req, res) -> {
            if (req.path().path().equals("/slow")) {
                sleep(2_000);
                res.send("late");
                return;
            }
            try (var out = res.outputStream()) {
                for (int i = 0; i < 200; i++) {
                    out.write(("tick " + i + "\n").getBytes());
                    out.flush();
                    sleep(50);
                }
            } catch (Exception e) {
                cancelled.countDown();
            }
        }));
        replicas.put("slow", List.of(replica));
        annotations.put("slow", Map.of(ProxySettings.TIMEOUT_ANNOTATION, "300ms"));
        var gateway = gateway(ProxySettings.defaults(Duration.ofSeconds(30), Duration.ofSeconds(1)));
        long started = System.nanoTime();
        assertEquals(502, call(gateway, "GET", "/function/slow/slow", null).status());
        assertTrue(System.nanoTime() - started < 1_500_000_000L, "answered at the function's timeout, not the gateway's");

        var connection = open(gateway, "GET", "/function/slow/ticks");
        try (var in = connection.getInputStream()) {
            assertTrue(new String(in.readNBytes(6)).startsWith("tick 0"));
        }
        connection.disconnect();
        assertTrue(cancelled.await(5, TimeUnit.SECONDS), "the function saw its caller go away");
    }

    @Test
    void passesHeadersThroughAndAddsCallIdAndStartTime() throws Exception {
        var seen = new ConcurrentHashMap<String, String>();
        var replica = replica(Duration.ofSeconds(30), routing -> routing.any("/*", (req, res) -> {
            req.headers().forEach(h -> seen.put(h.name().toLowerCase(), h.values()));
            seen.put("path", req.path().rawPath() + "?" + req.query().rawValue());
            res.header("X-Function", "yes").status(Status.create(418)).send("teapot");
        }));
        replicas.put("echo", List.of(replica));
        var gateway = gateway(ProxySettings.defaults(Duration.ofSeconds(5), Duration.ofSeconds(1)));
        var traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var connection = open(gateway, "GET", "/function/echo.openfaas-fn/a%20b?x=1&y=%2F");
        connection.setRequestProperty("traceparent", traceparent);
        connection.setRequestProperty("X-Call-Id", "call-1");
        assertEquals(418, connection.getResponseCode(), () -> "body: " + errorBody(connection));
        assertEquals("yes", connection.getHeaderField("X-Function"));
        assertEquals("call-1", connection.getHeaderField("X-Call-Id"));
        assertTrue(Long.parseLong(connection.getHeaderField("X-Start-Time")) > 1_000_000_000_000_000_000L);
        assertEquals(traceparent, seen.get("traceparent"));
        assertEquals("call-1", seen.get("x-call-id"));
        assertEquals("/a%20b?x=1&y=%2F", seen.get("path"));
        assertEquals("127.0.0.1", seen.get("x-forwarded-for"));
        assertEquals(404, call(gateway, "GET", "/function/nosuch", null).status());
    }

    @Test
    void passesTrailersThrough() throws Exception {
        var checksum = HeaderNames.create("X-Checksum");
        var replica = replica(Duration.ofSeconds(30), routing -> routing.get("/*", (req, res) -> {
            res.header(HeaderNames.TRAILER, "X-Checksum");
            try (var out = res.outputStream()) {
                out.write("chunk one, ".getBytes());
                out.flush();
                out.write("chunk two".getBytes());
                res.trailers().set(checksum, "c0ffee");
            }
        }));
        replicas.put("trailing", List.of(replica));
        var gateway = gateway(ProxySettings.defaults(Duration.ofSeconds(5), Duration.ofSeconds(1)));
        try (var answer = WebClient.builder().baseUri(gateway).build().get("/function/trailing")
                .header(io.helidon.http.HeaderValues.TE_TRAILERS).request()) {
            assertEquals(200, answer.status().code());
            assertEquals("chunk one, chunk two", answer.as(String.class));
            assertEquals("c0ffee", answer.trailers().get(checksum).get());
        }
    }

    // --- fixtures -------------------------------------------------------------------------------------

    private record Answer(int status, String body) {
    }

    InetSocketAddress replica(Duration idleTimeout, java.util.function.Consumer<HttpRouting.Builder> routes) {
        var server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .idleConnectionTimeout(idleTimeout)
                .idleConnectionPeriod(Duration.ofMillis(100))
                .routing(routes)
                .build()
                .start();
        closeables.add(server::stop);
        return new InetSocketAddress("127.0.0.1", server.port());
    }

    /** The gateway under test: the Helidon server with the proxy; {@link FrontProxyTest} puts the front before it. */
    URI gateway(ProxySettings settings) throws Exception {
        var proxy = new Proxy(endpoints, new RoundRobin(), WebClient.builder()
                .connectTimeout(Duration.ofSeconds(1)).build(), settings);
        closeables.add(proxy);
        var metrics = new InvocationMetrics(new SimpleMeterRegistry(), "openfaas-fn");
        var server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(routing -> {
                    routing.register("/function", new InvokeService(proxy, new DeploymentValidator("openfaas-fn"), metrics));
                    ErrorResponses.register(routing);
                })
                .build()
                .start();
        closeables.add(server::stop);
        return serve(proxy, metrics, new InetSocketAddress("127.0.0.1", server.port()));
    }

    /** What callers call, given the proxy and the Helidon server serving it: here that server itself. */
    URI serve(Proxy proxy, InvocationMetrics metrics, InetSocketAddress helidon) throws Exception {
        return URI.create("http://127.0.0.1:" + helidon.getPort());
    }

    void deploy(String function, InetSocketAddress... at) {
        replicas.put(function, List.of(at));
    }

    void closeAfter(AutoCloseable closeable) {
        closeables.add(closeable);
    }

    static HttpURLConnection open(URI gateway, String method, String path) throws IOException {
        var connection = (HttpURLConnection) gateway.resolve(path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(2_000);
        connection.setReadTimeout(20_000);
        return connection;
    }

    private static Answer call(URI gateway, String method, String path, String body) throws IOException {
        var connection = open(gateway, method, path);
        if (body != null) {
            connection.setDoOutput(true);
            try (var out = connection.getOutputStream()) {
                out.write(body.getBytes());
            }
        }
        int status = connection.getResponseCode();
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        return new Answer(status, in == null ? "" : new String(in.readAllBytes()));
    }

    static String errorBody(HttpURLConnection connection) {
        try (var in = connection.getErrorStream()) {
            return in == null ? "" : new String(in.readAllBytes());
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static InetSocketAddress closedPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
