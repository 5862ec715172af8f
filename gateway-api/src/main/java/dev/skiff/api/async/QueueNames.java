package dev.skiff.api.async;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The JetStream names gateway and queue worker agree on, all derived from the channel
 * ({@code faas_nats_channel}, default {@code faas-request}):
 *
 * <ul>
 * <li>stream {@code CHANNEL}, work-queue retention, subjects {@code CHANNEL.QUEUE.FUNCTION};</li>
 * <li>one durable pull consumer per queue, {@code CHANNEL-QUEUE}, filtered on {@code CHANNEL.QUEUE.>};</li>
 * <li>dead letters in stream {@code CHANNEL-dead}, subjects {@code CHANNEL-dead.FUNCTION};</li>
 * <li>call statuses in the key-value bucket {@code CHANNEL-status}, keyed by call id.</li>
 * </ul>
 *
 * @param channel the stream name and the first subject token
 */
public record QueueNames(String channel) {
    public static final String DEFAULT_CHANNEL = "faas-request";
    public static final String DEFAULT_QUEUE = "default";
    private static final Pattern TOKEN = Pattern.compile("[-a-zA-Z0-9_]{1,64}");
    private static final Pattern KEY = Pattern.compile("[-_=a-zA-Z0-9]{1,128}");

    public QueueNames {
        if (!isToken(channel)) {
            throw new IllegalArgumentException("faas_nats_channel=" + channel
                    + " is not usable as a stream name: use letters, digits, - and _ only");
        }
    }

    /** Whether a queue, channel or function name can be one subject token and part of a stream name. */
    public static boolean isToken(String name) {
        return name != null && TOKEN.matcher(name).matches();
    }

    public String stream() {
        return channel;
    }

    public String subjects() {
        return channel + ".>";
    }

    public String subject(String queue, String function) {
        return channel + "." + queue + "." + function;
    }

    /** The queue a stored subject belongs to, or null when the subject is not one of ours. */
    public String queueOf(String subject) {
        var parts = subject.split("\\.");
        return parts.length == 3 && parts[0].equals(channel) ? parts[1] : null;
    }

    public String consumer(String queue) {
        return channel + "-" + queue;
    }

    public String queueFilter(String queue) {
        return channel + "." + queue + ".>";
    }

    public String deadLetterStream() {
        return channel + "-dead";
    }

    public String deadLetterSubject(String function) {
        return deadLetterStream() + "." + function;
    }

    public String statusBucket() {
        return channel + "-status";
    }

    /**
     * The subject that puts a call's status into the status bucket (a key-value bucket keeps key K on
     * {@code $KV.<bucket>.K}): publishing there skips the acked put's round trip.
     */
    public String statusSubject(String callId) {
        return "$KV." + statusBucket() + "." + statusKey(callId);
    }

    /**
     * The status bucket's key of a call: the call id itself (a UUID fits), or, for a caller's id with
     * characters a key cannot hold, a digest of it, so that any id still finds its status.
     */
    public static String statusKey(String callId) {
        if (KEY.matcher(callId).matches()) {
            return callId;
        }
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(callId.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
