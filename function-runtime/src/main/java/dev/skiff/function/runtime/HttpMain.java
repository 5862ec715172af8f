package dev.skiff.function.runtime;

import dev.skiff.function.Context;
import dev.skiff.function.Request;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves one handler over HTTP on 127.0.0.1, for the watchdog's http mode ({@code upstream_url}) or to run
 * a function alone: every method and path goes to the handler.
 *
 * <pre>{@code
 * handler_class=com.example.Greet java -cp 'target/*:target/lib/*' dev.skiff.function.runtime.HttpMain
 * curl -d world 127.0.0.1:3000/
 * }</pre>
 */
public final class HttpMain {
    private HttpMain() {
    }

    /** Starts the server and returns; it runs until the process ends. */
    public static void main(String[] args) {
        try {
            var config = RuntimeConfig.fromEnv(System.getenv());
            var handler = new HandlerLoader(Thread.currentThread().getContextClassLoader())
                    .load(config.handlerClass(), Context.current());
            var server = start(new HandlerInvoker(handler), config.port(), "127.0.0.1");
            System.err.println("function: " + handler.getClass().getName() + " listening on 127.0.0.1:" + server.port());
        } catch (RuntimeException e) {
            System.err.println("function: cannot start: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Starts a server for {@code invoker}.
     *
     * @param port    0 picks a free port
     * @param address where to listen
     */
    public static WebServer start(HandlerInvoker invoker, int port, String address) {
        return WebServer.builder()
                .host(address)
                .port(port)
                .routing(routing -> routing.any((req, res) -> answer(invoker, req, res)))
                .build()
                .start();
    }

    private static void answer(HandlerInvoker invoker, ServerRequest req, ServerResponse res) throws IOException {
        var response = invoker.invoke(request(req));
        res.status(Status.create(response.status()));
        response.headers().forEach((name, value) -> res.header(HeaderNames.create(name), value));
        res.send(response.body());
    }

    private static Request request(ServerRequest req) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        req.headers().forEach(header -> headers.put(header.name(), header.allValues()));
        byte[] body = req.content().hasEntity() ? req.content().inputStream().readAllBytes() : new byte[0];
        return new Request(req.prologue().method().text(), req.path().rawPath(), req.query().rawValue(), headers, body);
    }
}
