package dev.skiff.queueworker.config;

import dev.skiff.api.async.QueueNames;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything the queue worker reads from its environment, with the OpenFaaS queue worker's names where
 * it has them. Durations take {@code 30} (seconds) or Go's form ({@code 500ms}, {@code 1m30s}).
 *
 * @param natsUrl             {@code faas_nats_address} ({@code nats}) and {@code faas_nats_port} (4222)
 * @param names               stream and consumer names from {@code faas_nats_channel} ({@code faas-request})
 * @param gateway             {@code faas_gateway_address} ({@code gateway}) and {@code faas_gateway_port} (8080)
 * @param ackWait             redelivery after a worker went silent ({@code ack_wait}, 30s); long calls send
 *                            progress every third of it
 * @param maxInflight         calls this worker runs at once ({@code max_inflight}, 32)
 * @param functionMaxInflight calls of one function this worker runs at once ({@code function_max_inflight},
 *                            0 = only {@code max_inflight}); annotation {@code com.skiff.queue.max_inflight} overrides
 * @param maxAttempts         tries per call before it is dead-lettered ({@code max_retry_attempts}, 5);
 *                            annotation {@code com.openfaas.retry.attempts} overrides
 * @param retryMinWait        first retry delay ({@code retry_min_wait}, 1s), doubled per try with jitter
 * @param retryMaxWait        longest retry delay ({@code retry_max_wait}, 30s)
 * @param capacityWait        how long one try waits, without counting, for a function that answers it has no
 *                            room (429, or the gateway's own 503) ({@code capacity_wait}, 2m)
 * @param callTimeout         longest a function call may take ({@code upstream_timeout}, 60s)
 * @param callbackAttempts    posts of a result to its callback URL before giving up ({@code callback_attempts}, 3)
 * @param callbackTimeout     longest one callback post may take ({@code callback_timeout}, 10s)
 * @param metricsPort         port of {@code /metrics} and {@code /healthz} ({@code metrics_port}, 8081)
 */
public record WorkerConfig(
        String natsUrl,
        QueueNames names,
        URI gateway,
        Duration ackWait,
        int maxInflight,
        int functionMaxInflight,
        int maxAttempts,
        Duration retryMinWait,
        Duration retryMaxWait,
        Duration capacityWait,
        Duration callTimeout,
        int callbackAttempts,
        Duration callbackTimeout,
        int metricsPort) {

    private static final Pattern GO_DURATION = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    public static WorkerConfig fromEnv(Map<String, String> env) {
        var config = new WorkerConfig(
                "nats://" + env.getOrDefault("faas_nats_address", "nats") + ":"
                        + number(env, "faas_nats_port", 4222, 1, 65535),
                new QueueNames(env.getOrDefault("faas_nats_channel", QueueNames.DEFAULT_CHANNEL)),
                URI.create("http://" + env.getOrDefault("faas_gateway_address", "gateway") + ":"
                        + number(env, "faas_gateway_port", 8080, 1, 65535)),
                duration(env, "ack_wait", "30s"),
                number(env, "max_inflight", 32, 1, 10_000),
                number(env, "function_max_inflight", 0, 0, 10_000),
                number(env, "max_retry_attempts", 5, 1, 1000),
                duration(env, "retry_min_wait", "1s"),
                duration(env, "retry_max_wait", "30s"),
                duration(env, "capacity_wait", "2m"),
                duration(env, "upstream_timeout", "60s"),
                number(env, "callback_attempts", 3, 1, 100),
                duration(env, "callback_timeout", "10s"),
                number(env, "metrics_port", 8081, 0, 65535));
        if (config.ackWait.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("ack_wait=" + config.ackWait + " is too short: give it at least 1s");
        }
        if (config.retryMaxWait.compareTo(config.retryMinWait) < 0) {
            throw new IllegalArgumentException("retry_max_wait must be at least retry_min_wait");
        }
        return config;
    }

    private static int number(Map<String, String> env, String name, int fallback, int min, int max) {
        var value = env.getOrDefault(name, String.valueOf(fallback)).strip();
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + value + " must be a whole number from " + min + " to " + max);
    }

    /** An OpenFaaS duration: whole seconds ({@code 30}) or Go's form ({@code 500ms}, {@code 1m30s}). */
    public static Duration duration(Map<String, String> env, String name, String fallback) {
        var text = env.getOrDefault(name, fallback).strip();
        if (text.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        if (!GO_DURATION.matcher(text).matches()) {
            throw new IllegalArgumentException(name + "=" + text
                    + " is not a duration: use seconds (30) or a Go duration (500ms, 30s, 1m30s)");
        }
        long nanos = 0;
        var parts = PART.matcher(text);
        while (parts.find()) {
            nanos += (long) (Double.parseDouble(parts.group(1)) * switch (parts.group(2)) {
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            });
        }
        return Duration.ofNanos(nanos);
    }
}
