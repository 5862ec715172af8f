package dev.skiff.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.skiff.cli.config.CliEnvironment;
import dev.skiff.cli.config.PlainHttpOnly;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConnectorTest {
    @TempDir
    Path home;

    @Test
    void anHttpGatewayIsCalledThroughThePlainHttpContext() throws Exception {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/system/functions", exchange -> {
            var body = "[{\"name\":\"echo\",\"image\":\"skiff/watchdog\",\"replicas\":1}]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        var environment = CliEnvironment.from(Map.of(), home, home);
        try (var connector = new GatewayConnector(environment)) {
            var client = connector.connect("http://127.0.0.1:" + server.getAddress().getPort());
            var functions = client.listFunctions();
            assertEquals("echo", functions.getFirst().name());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void thePlainHttpContextRefusesTls() {
        var context = PlainHttpOnly.context();
        var e = assertThrows(IllegalStateException.class, context::createSSLEngine);
        assertTrue(e.getMessage().contains("http://"), e.getMessage());
        assertThrows(IllegalStateException.class, context::getSocketFactory);
    }
}
