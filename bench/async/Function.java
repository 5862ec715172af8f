import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * A function that answers at once, standing where the gateway is for bench/async/drain's queue workers:
 * any request gets 200 and a few bytes, on keep-alive connections, from virtual threads.
 *
 *   java bench/async/Function.java PORT
 */
public final class Function {
    public static void main(String[] args) throws Exception {
        var body = "root:x:0:\n".getBytes();
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 256);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }
}
