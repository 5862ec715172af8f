package dev.skiff.watchdog.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a process's output stream on a thread of the caller's kind and hands it on line by line. A line longer
 * than {@code maxLine} bytes ({@code log_buffer_size}) is handed on in pieces, so a process that never
 * writes a newline cannot make the watchdog buffer without bound. With {@code maxLine} -1
 * (unbuffered) whatever each read returned is handed on at once, a partial line included.
 */
public final class LinePump {

    /** of-watchdog's default log_buffer_size. */
    public static final int DEFAULT_MAX_LINE = 64 * 1024;

    private LinePump() {
    }

    /**
     * Starts pumping {@code in} to {@code sink} on a thread from {@code thread} until end of stream; join the
     * thread to wait for the last line. A pipe read pins a virtual thread to its carrier, so a stream that
     * stays open for long (a long-running upstream's) needs a platform thread: see {@code UpstreamProcess}.
     */
    public static Thread start(Thread.Builder thread, InputStream in, Consumer<String> sink, int maxLine) {
        return thread.start(() -> pump(in, sink, maxLine));
    }

    private static void pump(InputStream in, Consumer<String> sink, int maxLine) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n' || (maxLine > 0 && line.size() >= maxLine)) {
                        emit(line, sink);
                        if (b == '\n') {
                            continue;
                        }
                    }
                    line.write(b);
                }
                if (maxLine < 0 && line.size() > 0) {
                    emit(line, sink);
                }
            }
        } catch (IOException e) {
            // The process went away or was killed: what was read so far is still worth logging.
        }
        if (line.size() > 0) {
            emit(line, sink);
        }
    }

    private static void emit(ByteArrayOutputStream line, Consumer<String> sink) {
        int length = line.size();
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        sink.accept(length > 0 && text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
