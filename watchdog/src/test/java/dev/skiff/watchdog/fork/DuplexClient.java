package dev.skiff.watchdog.fork;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Posts a body and reads the chunked answer at the same time, on one socket, as Go's HTTP client and
 * curl do. The JDK HttpClient reads nothing before it has sent the whole body, so with an echoing
 * function it stalls once the echo fills the socket buffers; this client shows the watchdog does not.
 */
final class DuplexClient {

    private DuplexClient() {
    }

    /** The decoded body of the answer to {@code POST /} with {@code body}. */
    static byte[] post(int port, byte[] body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    out.write(("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 200 ") || !head.toLowerCase().contains("transfer-encoding: chunked")) {
                throw new IllegalStateException("unexpected answer: " + head);
            }
            byte[] answer = readChunks(in);
            sender.join();
            return answer;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            head.write(readByte(in));
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] readChunks(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(readLine(in).split(";")[0].strip(), 16);
            if (size == 0) {
                readLine(in);
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = readByte(in)) != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b == -1) {
            throw new IOException("connection closed early");
        }
        return b;
    }
}
