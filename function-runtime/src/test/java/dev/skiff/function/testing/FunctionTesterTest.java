package dev.skiff.function.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.function.Context;
import dev.skiff.function.Handler;
import dev.skiff.function.Request;
import dev.skiff.function.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionTesterTest {

    /** Reads its settings in its constructor, as a production handler would. */
    public static final class Greeter implements Handler {
        private final String greeting;
        private final String key;

        public Greeter() {
            var context = Context.current();
            this.greeting = context.env("GREETING").orElse("Hello");
            this.key = context.secret("api-key");
        }

        @Override
        public Response handle(Request request) {
            return Response.ok(greeting + ", " + request.bodyAsString() + " (" + key.length() + ")");
        }
    }

    record Order(String item, int quantity) {
    }

    @Test
    void createsTheHandlerWithTheTestersEnvironmentAndSecrets() {
        var response = FunctionTester.forClass(Greeter.class).env("GREETING", "Hi").secret("api-key", "s3cret\n")
                .post("world");
        assertEquals(200, response.status());
        assertEquals("Hi, world (6)", response.bodyAsString());
        assertEquals("text/plain; charset=utf-8", response.headers().get("Content-Type"));
    }

    @Test
    void contextCurrentAnswersTheTestersContextDuringTheCall() {
        Handler handler = request -> Response.ok(Context.current().env("MODE").orElse("none"));
        assertEquals("test", FunctionTester.of(handler).env("MODE", "test").get("/").bodyAsString());
    }

    @Test
    void readsAndWritesJson() {
        Handler handler = request -> {
            var order = request.bodyAs(Order.class);
            return Response.builder().status(201).json(Map.of("total", order.quantity() * 2)).build();
        };
        var response = FunctionTester.of(handler).call(Request.builder().method("POST").json(new Order("tea", 3)).build());
        assertEquals(201, response.status());
        assertEquals("{\"total\":6}", response.bodyAsString());
        assertEquals("application/json", response.headers().get("Content-Type"));
    }

    @Test
    void answers400WhenTheBodyIsNotTheExpectedJson() {
        Handler handler = request -> Response.json(request.bodyAs(Order.class));
        var response = FunctionTester.of(handler).post("not json");
        assertEquals(400, response.status());
        assertTrue(response.bodyAsString().startsWith("request body is not JSON for Order"), response.bodyAsString());
    }

    @Test
    void answers500WhenTheHandlerThrowsOrReturnsNull() {
        assertEquals(500, FunctionTester.of(request -> { throw new IllegalStateException("boom"); }).post("").status());
        assertEquals(500, FunctionTester.of(request -> null).post("").status());
    }

    @Test
    void aMissingSecretSaysHowToMountIt() {
        Handler handler = request -> Response.ok(Context.current().secret("db-password"));
        var body = FunctionTester.of(handler).post("").bodyAsString();
        assertTrue(body.contains("faas-cli secret create db-password"), body);
    }

    @Test
    void requestGivesHeadersAndQueryParametersByName() {
        var request = Request.builder().header("X-Trace", "1").query("name=a%20b&flag").build();
        assertEquals("1", request.header("x-trace").orElseThrow());
        assertEquals("a b", request.queryParameter("name").orElseThrow());
        assertEquals("", request.queryParameter("flag").orElseThrow());
        assertTrue(request.queryParameter("other").isEmpty());
    }
}
