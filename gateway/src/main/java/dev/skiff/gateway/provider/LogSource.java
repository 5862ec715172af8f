package dev.skiff.gateway.provider;

import dev.skiff.api.LogMessage;
import java.io.IOException;
import java.time.Duration;

/** Where a function's log lines come from: what the logs route needs, and nothing else. */
@FunctionalInterface
public interface LogSource {

    /** Receives lines one by one; an {@link IOException} (the caller went away) ends the stream. */
    @FunctionalInterface
    interface LogSink {
        void accept(LogMessage message) throws IOException;
    }

    /**
     * Sends the requested lines to {@code sink} and returns when they are all sent, or, when following,
     * when the sink fails or {@code limit} has passed. {@link FunctionNotFoundException} if there is no
     * such function.
     */
    void logs(LogRequest request, LogSink sink, Duration limit);
}
