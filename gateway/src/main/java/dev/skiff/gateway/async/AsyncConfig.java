package dev.skiff.gateway.async;

import dev.skiff.api.async.QueueNames;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The gateway's asynchronous-call settings, from its environment, with OpenFaaS's names where it has them.
 *
 * @param natsAddress    host of nats-server ({@code faas_nats_address}, {@code nats}); empty turns async off
 * @param natsPort       its client port ({@code faas_nats_port}, 4222)
 * @param names          stream, subject, dead-letter and status names from {@code faas_nats_channel} ({@code faas-request})
 * @param maxBody        largest request body queued ({@code max_async_body}, 1 MiB); larger gets 413
 * @param dedupWindow    how long a repeated {@code X-Idempotency-Key} (or call id) is dropped ({@code async_dedup_window}, 2m:
 *                       JetStream keeps every id of the window in memory, ~0.4 M ids at 3,000 calls/s)
 * @param statusWindow   how long call statuses are kept ({@code async_status_window}, 24h)
 * @param publishTimeout longest wait for JetStream to confirm a message is stored ({@code async_publish_timeout}, 5s)
 */
public record AsyncConfig(
        String natsAddress,
        int natsPort,
        QueueNames names,
        int maxBody,
        Duration dedupWindow,
        Duration statusWindow,
        Duration publishTimeout) {

    public static final String DEFAULT_NATS_ADDRESS = "nats";
    public static final int DEFAULT_NATS_PORT = 4222;
    public static final int DEFAULT_MAX_BODY = 1024 * 1024;
    public static final String DEFAULT_DEDUP_WINDOW = "2m";
    public static final String DEFAULT_STATUS_WINDOW = "24h";
    public static final String DEFAULT_PUBLISH_TIMEOUT = "5s";

    /** The settings, or empty when {@code faas_nats_address} is set empty (async routes then answer 404). */
    public static Optional<AsyncConfig> fromEnv(Map<String, String> env) {
        var address = env.getOrDefault("faas_nats_address", DEFAULT_NATS_ADDRESS).strip();
        if (address.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AsyncConfig(
                address,
                positive("faas_nats_port", env.getOrDefault("faas_nats_port", String.valueOf(DEFAULT_NATS_PORT)), 65535),
                new QueueNames(env.getOrDefault("faas_nats_channel", QueueNames.DEFAULT_CHANNEL).strip()),
                positive("max_async_body", env.getOrDefault("max_async_body", String.valueOf(DEFAULT_MAX_BODY)),
                        64 * 1024 * 1024),
                duration("async_dedup_window", env.getOrDefault("async_dedup_window", DEFAULT_DEDUP_WINDOW)),
                duration("async_status_window", env.getOrDefault("async_status_window", DEFAULT_STATUS_WINDOW)),
                duration("async_publish_timeout",
                        env.getOrDefault("async_publish_timeout", DEFAULT_PUBLISH_TIMEOUT))));
    }

    public String natsUrl() {
        return "nats://" + natsAddress + ":" + natsPort;
    }

    private static final Pattern GO_DURATION = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    /** OpenFaaS durations: whole seconds ({@code 30}) or Go's form ({@code 500ms}, {@code 1m30s}). */
    static Duration duration(String name, String value) {
        var text = value.strip();
        if (text.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        if (!GO_DURATION.matcher(text).matches()) {
            throw new IllegalArgumentException(name + "=" + value
                    + " is not a duration: use seconds (30) or a Go duration (500ms, 30s, 1m30s)");
        }
        long nanos = 0;
        var parts = PART.matcher(text);
        while (parts.find()) {
            double amount = Double.parseDouble(parts.group(1));
            nanos += (long) (amount * switch (parts.group(2)) {
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            });
        }
        return Duration.ofNanos(nanos);
    }

    private static int positive(String name, String value, int max) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number > 0 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + value + " must be a whole number from 1 to " + max);
    }
}
