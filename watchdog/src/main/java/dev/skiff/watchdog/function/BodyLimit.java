package dev.skiff.watchdog.function;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import com.sun.net.httpserver.HttpExchange;

import dev.skiff.watchdog.server.Exchanges;

/**
 * {@code max_request_bytes}: the largest request body a call may have. {@link FunctionHandler} answers
 * 413 at once when the Content-Length says more; a body sent without a length (chunked) is counted as
 * it is read, through {@link #body}, and reading past the limit throws {@link TooLarge}, which the
 * handler turns into 413 if nothing was answered yet.
 */
public final class BodyLimit {

    private final long maxBytes;

    /** @param maxBytes the limit; 0 means none */
    public BodyLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** True if the request declares a longer body than allowed. */
    boolean declaredTooLarge(HttpExchange exchange) {
        return maxBytes > 0 && Exchanges.contentLength(exchange).orElse(0) > maxBytes;
    }

    /** The request body, which throws {@link TooLarge} once more than the limit has been read. */
    public InputStream body(HttpExchange exchange) {
        InputStream in = exchange.getRequestBody();
        return maxBytes == 0 ? in : new Counting(in, maxBytes);
    }

    /** The whole request body, empty when there is none; {@link TooLarge} past the limit. */
    public byte[] readAll(HttpExchange exchange) throws IOException {
        return Exchanges.hasBody(exchange) ? body(exchange).readAllBytes() : new byte[0];
    }

    /** The body went past {@code max_request_bytes}. An IOException, so it travels through stream copies. */
    public static final class TooLarge extends IOException {
        public TooLarge(long maxBytes) {
            super("request body larger than max_request_bytes (" + maxBytes + " bytes)");
        }
    }

    /** Finds a {@link TooLarge} among the causes of {@code e}, for runners that see it wrapped. */
    public static boolean causedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLarge) {
                return true;
            }
        }
        return false;
    }

    private static final class Counting extends FilterInputStream {
        private final long max;
        private long count;

        Counting(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws TooLarge {
            count += n;
            if (count > max) {
                throw new TooLarge(max);
            }
        }
    }
}
