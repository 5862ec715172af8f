package dev.skiff.watchdog.upstream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A function server that misbehaves the way a keep-alive timeout race looks from the client: each
 * connection answers its first request (keeping the connection open) and closes without a word when
 * a second request arrives on it. Run by the watchdog as a real process:
 * {@code java -cp target/test-classes dev.skiff.watchdog.upstream.StaleUpstream PORT}. Written on
 * raw sockets because a well-behaved HTTP server cannot be made to do this.
 */
public final class StaleUpstream {

    private StaleUpstream() {
    }

    public static void main(String[] args) throws IOException {
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 64, InetAddress.getLoopbackAddress())) {
            while (true) {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            readHead(in);
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nfresh"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            readHead(in); // the second request on this connection: close instead of answering
        } catch (IOException e) {
            // the client went away first; nothing to do
        }
    }

    /** Reads a request's head (GET requests only, so there is no body to skip). */
    private static void readHead(BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            // skip the request line and headers
        }
        if (line == null) {
            throw new IOException("closed");
        }
    }
}
