package dev.skiff.watchdog.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpstreamConnectionsTest {

    private HttpServer server;
    private URI uri;
    private final WebClient client = WebClient.builder().build();

    @BeforeEach
    void startServerThatTellsTheCallersPort() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", exchange -> {
            byte[] port = String.valueOf(exchange.getRemoteAddress().getPort()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, port.length);
            exchange.getResponseBody().write(port);
            exchange.close();
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String call(UpstreamConnections.Lease lease) {
        try (HttpClientResponse response = client.get().uri(uri).connection(lease.connection()).request()) {
            return response.as(String.class);
        }
    }

    @Test
    void reusesTheConnectionOfTheLastCall() {
        UpstreamConnections connections = new UpstreamConnections(client, uri, Duration.ofSeconds(10));
        UpstreamConnections.Lease first = connections.acquire();
        assertFalse(first.reused());
        String firstPort = call(first);
        UpstreamConnections.Lease second = connections.acquire();
        assertTrue(second.reused());
        assertEquals(firstPort, call(second));
    }

    @Test
    void dropsConnectionsIdleLongerThanMaxIdle() throws InterruptedException {
        UpstreamConnections connections = new UpstreamConnections(client, uri, Duration.ofMillis(200));
        String firstPort = call(connections.acquire());
        Thread.sleep(300);
        UpstreamConnections.Lease later = connections.acquire();
        assertFalse(later.reused(), "an expired connection must not be handed out");
        assertNotEquals(firstPort, call(later));
    }
}
