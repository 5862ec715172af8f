package dev.skiff.function.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skiff.function.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpMainTest {

    @Test
    void servesTheHandlerWithMethodPathQueryHeadersAndBody() throws Exception {
        var invoker = new HandlerInvoker(request -> Response.builder().status(201)
                .header("X-Echo", request.header("X-In").orElse("-"))
                .body(request.method() + " " + request.path() + "?" + request.query() + " " + request.bodyAsString())
                .build());
        var server = HttpMain.start(invoker, 0, "127.0.0.1");
        try (var client = HttpClient.newHttpClient()) {
            var response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/a/b?x=1"))
                    .header("X-In", "v").PUT(HttpRequest.BodyPublishers.ofString("hi")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, response.statusCode());
            assertEquals("PUT /a/b?x=1 hi", response.body());
            assertEquals("v", response.headers().firstValue("X-Echo").orElseThrow());
        } finally {
            server.stop();
        }
    }

    @Test
    void readsHandlerClassAndPortFromTheEnvironment() {
        var config = RuntimeConfig.fromEnv(Map.of("handler_class", "com.example.Greet", "function_port", "3100", "port", "8080"));
        assertEquals("com.example.Greet", config.handlerClass().orElseThrow());
        assertEquals(3100, config.port());
        assertEquals(RuntimeConfig.DEFAULT_PORT, RuntimeConfig.fromEnv(Map.of()).port());
    }
}
