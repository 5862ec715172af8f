package dev.skiff.queueworker.invoke;

import dev.skiff.api.async.CallStatus.CallbackResult;
import dev.skiff.api.async.QueueRequest;
import io.github.resilience4j.core.IntervalFunction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * Posts a call's result to its {@code X-Callback-Url}: the function's body and headers plus
 * {@code X-Call-Id}, {@code X-Function-Status}, {@code X-Function-Name} and {@code X-Duration-Seconds}, as
 * the OpenFaaS queue worker does. A receiver that is unreachable or answers 429/5xx gets a bounded number
 * of tries with backoff; then the failure is returned to be recorded, and the function is not called again.
 */
public final class CallbackPoster {
    private static final IntervalFunction BACKOFF = IntervalFunction.ofExponentialRandomBackoff(
            Duration.ofMillis(250), 2.0, 0.5, Duration.ofSeconds(5));

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final int attempts;
    private final Duration timeout;
    private final HttpClient http;

    /** @param http the callbacks' client ({@link #httpClient()}): redirects not followed */
    public CallbackPoster(HttpClient http, int attempts, Duration timeout) {
        this.attempts = attempts;
        this.timeout = timeout;
        this.http = http;
    }

    /**
     * The callbacks' HTTP client: HTTP/1.1, redirects passed back rather than followed. Callbacks go to any
     * receiver, https included, and are one post per call at most, so the JDK's client stays here.
     */
    public static HttpClient httpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** @param secondsSinceQueued the call's age when the result is known, sent as {@code X-Duration-Seconds} */
    public CallbackResult post(QueueRequest request, FunctionAnswer answer, double secondsSinceQueued) {
        var url = request.callbackUrl();
        int status = 0;
        String error = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                sleep(BACKOFF.apply(attempt - 1));
            }
            try {
                status = http.send(build(request, answer, secondsSinceQueued), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status / 100 == 2) {
                    return new CallbackResult(url, status, attempt, true, null);
                }
                error = "the receiver answered " + status;
                if (status != 429 && status < 500) {
                    // The receiver refuses it: another try would get the same.
                    return new CallbackResult(url, status, attempt, false, error);
                }
            } catch (IOException e) {
                status = 0;
                error = "cannot reach " + url + ": " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new CallbackResult(url, status, attempt, false, "interrupted");
            }
        }
        return new CallbackResult(url, status, attempts, false, error);
    }

    private HttpRequest build(QueueRequest request, FunctionAnswer answer, double secondsSinceQueued) {
        var builder = HttpRequest.newBuilder(URI.create(request.callbackUrl())).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(answer.body()));
        Headers.copy(answer.headers(), (name, values) -> values.forEach(value -> builder.header(name, value)));
        builder.setHeader("X-Call-Id", request.callId())
                .setHeader("X-Function-Status", String.valueOf(answer.reportedStatus()))
                .setHeader("X-Function-Name", request.function())
                .setHeader("X-Duration-Seconds", String.format(Locale.ROOT, "%.6f", secondsSinceQueued))
                .setHeader("User-Agent", "skiff-queue-worker");
        return builder.build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
