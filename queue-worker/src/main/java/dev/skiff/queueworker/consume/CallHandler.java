package dev.skiff.queueworker.consume;

import dev.skiff.api.Json;
import dev.skiff.api.async.CallState;
import dev.skiff.api.async.CallStatus;
import dev.skiff.api.async.CallStatus.CallbackResult;
import dev.skiff.api.async.DeadLetter;
import dev.skiff.api.async.QueueRequest;
import dev.skiff.queueworker.invoke.CallbackPoster;
import dev.skiff.queueworker.invoke.FunctionAnswer;
import dev.skiff.queueworker.invoke.FunctionCaller;
import dev.skiff.queueworker.metrics.WorkerMetrics;
import dev.skiff.queueworker.outcome.DeadLetterWriter;
import dev.skiff.queueworker.outcome.StatusWriter;
import io.nats.client.Message;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one queued call, from message to ack. The message is acked only once the function answered (or
 * the call was stored as a dead letter) and the callback was attempted; a retryable failure is a delayed
 * redelivery (NAK with delay), so a retry survives this worker. While the call waits or runs, the message
 * is kept ours with progress acks every third of {@code ack_wait}; a worker that dies stops sending them
 * and the call goes to another worker after {@code ack_wait} (at least once).
 */
public final class CallHandler {
    private static final Logger LOG = Logger.getLogger(CallHandler.class.getName());
    /**
     * A call's {@code running} status is written once it has run this long: most calls are done sooner,
     * and their {@code running} was a JSON encoding and a stored NATS message per call that no one could
     * see (~7% of the worker's CPU per call), its {@code queued} then goes straight to {@code done}.
     */
    static final Duration RUNNING_AFTER = Duration.ofSeconds(1);

    private final FunctionCaller caller;
    private final CallbackPoster callbacks;
    private final StatusWriter statuses;
    private final DeadLetterWriter deadLetters;
    private final RetryPolicy retries;
    private final ConcurrencyLimits limits;
    private final WorkerMetrics metrics;
    private final ScheduledExecutorService heartbeats;
    private final Duration ackWait;

    public CallHandler(FunctionCaller caller, CallbackPoster callbacks, StatusWriter statuses,
                       DeadLetterWriter deadLetters, RetryPolicy retries, ConcurrencyLimits limits,
                       WorkerMetrics metrics, ScheduledExecutorService heartbeats, Duration ackWait) {
        this.caller = caller;
        this.callbacks = callbacks;
        this.statuses = statuses;
        this.deadLetters = deadLetters;
        this.retries = retries;
        this.limits = limits;
        this.metrics = metrics;
        this.heartbeats = heartbeats;
        this.ackWait = ackWait;
    }

    public void handle(Message message) {
        QueueRequest request;
        try {
            request = Json.mapper().readValue(message.getData(), QueueRequest.class);
        } catch (IOException e) {
            // Nothing can ever run it: drop it from the queue, loudly, rather than redeliver it forever.
            LOG.log(Level.SEVERE, "unreadable queued message on " + message.getSubject() + " dropped", e);
            message.term();
            return;
        }
        long period = Math.max(200, ackWait.toMillis() / 3);
        var heartbeat = heartbeats.scheduleAtFixedRate(message::inProgress, period, period, TimeUnit.MILLISECONDS);
        var line = new StatusLine();
        try {
            run(message, request, line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            message.nak();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "call " + request.callId() + " failed in the worker; it will be redelivered", e);
            message.nakWithDelay(retries.delayAfter(1));
        } finally {
            line.settle();
            heartbeat.cancel(false);
        }
    }

    private void run(Message message, QueueRequest request, StatusLine line) throws InterruptedException {
        int attempt = (int) message.metaData().deliveredCount();
        var queuedAt = Instant.EPOCH.plusNanos(request.queuedAt());
        var tried = tryWithinCapacity(request, attempt, queuedAt, line);
        var answer = tried.answer();
        var startedAt = tried.startedAt();
        int maxAttempts = retries.attempts(request);
        if (answer.retryable() && attempt < maxAttempts) {
            var delay = retries.delayAfter(attempt);
            line.write(new CallStatus(request.callId(), request.function(), CallState.RETRYING, attempt,
                    answer.status(), queuedAt, startedAt, null, answer.seconds(), Instant.now().plus(delay), null,
                    describe(answer)));
            metrics.retried(request.function());
            message.nakWithDelay(delay);
            return;
        }
        boolean dead = answer.retryable();
        if (dead && !storeDeadLetter(message, request, attempt, answer)) {
            return;
        }
        var callback = request.callbackUrl() == null ? null
                : callbacks.post(request, answer, Duration.between(queuedAt, Instant.now()).toNanos() / 1e9);
        if (callback != null && !callback.delivered()) {
            metrics.callbackFailed(request.function());
        }
        finish(request, dead, attempt, answer, queuedAt, startedAt, callback, line);
        message.ack();
    }

    private record Tried(FunctionAnswer answer, Instant startedAt) {
    }

    /**
     * One try: calls the function within its concurrency limit and, while it answers that it has no room
     * (429, or the gateway's own 503), waits and asks again, up to {@code capacity_wait}, without using up
     * a try. Every answer tells the function's adaptive limit whether it coped.
     */
    private Tried tryWithinCapacity(QueueRequest request, int attempt, Instant queuedAt, StatusLine line)
            throws InterruptedException {
        Instant firstStart = null;
        long waitUntil = 0;
        for (int waits = 0; ; waits++) {
            FunctionAnswer answer;
            try (var slot = limits.acquire(request)) {
                var startedAt = Instant.now();
                if (firstStart == null) {
                    firstStart = startedAt;
                    metrics.concurrencyLimit(request.function(), limits::limitOf);
                    waitUntil = System.nanoTime() + retries.capacityWait().toNanos();
                    if (attempt == 1) {
                        metrics.queueDelay(request.function(), Duration.between(queuedAt, startedAt));
                    }
                    line.runningLater(new CallStatus(request.callId(), request.function(), CallState.RUNNING, attempt,
                            0, queuedAt, startedAt, null, 0, null, null, null));
                }
                metrics.started(request.function());
                try {
                    answer = caller.call(request);
                } finally {
                    metrics.finishedTry(request.function());
                }
                if (answer.retryable()) {
                    slot.overloaded();
                } else {
                    slot.served();
                }
            }
            if (!answer.noCapacity() || System.nanoTime() - waitUntil >= 0) {
                return new Tried(answer, firstStart);
            }
            var delay = retries.capacityDelayAfter(waits + 1);
            if (waits == 0) {
                line.write(new CallStatus(request.callId(), request.function(), CallState.RETRYING, attempt,
                        answer.status(), queuedAt, firstStart, null, answer.seconds(), Instant.now().plus(delay), null,
                        "waiting for capacity: " + describe(answer)));
            }
            metrics.waitedForCapacity(request.function());
            Thread.sleep(delay);
        }
    }

    private boolean storeDeadLetter(Message message, QueueRequest request, int attempt, FunctionAnswer answer) {
        try {
            deadLetters.write(new DeadLetter(0, request.callId(), request.function(), attempt, answer.status(),
                    describe(answer), Instant.now(), request), message.metaData().streamSequence());
            metrics.deadLettered(request.function());
            return true;
        } catch (Exception e) {
            // Not stored: keep the call queued rather than lose it, and try the dead letter again later.
            LOG.log(Level.WARNING, "dead letter of call " + request.callId() + " not stored; redelivering", e);
            message.nakWithDelay(retries.delayAfter(attempt));
            return false;
        }
    }

    private void finish(QueueRequest request, boolean dead, int attempt, FunctionAnswer answer, Instant queuedAt,
                        Instant startedAt, CallbackResult callback, StatusLine line) {
        if (!dead) {
            metrics.completed(request.function(), answer.status());
        }
        line.write(new CallStatus(request.callId(), request.function(),
                dead ? CallState.DEAD_LETTERED : CallState.DONE, attempt, answer.status(), queuedAt, startedAt,
                Instant.now(), answer.seconds(), null, callback, dead ? describe(answer) : null));
    }

    /**
     * One call's statuses, in order: {@code running} goes out only if the call still runs after
     * {@link #RUNNING_AFTER} (from the heartbeat thread), and never after a later status, which first
     * settles it under the same lock (statuses leave the one NATS connection in the order published).
     */
    private final class StatusLine {
        private final ReentrantLock lock = new ReentrantLock();
        private boolean runningDue;
        private volatile ScheduledFuture<?> pending;

        void runningLater(CallStatus running) {
            lock.lock();
            try {
                runningDue = true;
            } finally {
                lock.unlock();
            }
            pending = heartbeats.schedule(() -> {
                lock.lock();
                try {
                    if (runningDue) {
                        runningDue = false;
                        statuses.write(running);
                    }
                } finally {
                    lock.unlock();
                }
            }, RUNNING_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        }

        void write(CallStatus status) {
            settle();
            statuses.write(status);
        }

        void settle() {
            lock.lock();
            try {
                runningDue = false;
            } finally {
                lock.unlock();
            }
            var scheduled = pending;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    private static String describe(FunctionAnswer answer) {
        return answer.error() != null ? answer.error() : "the function answered " + answer.status();
    }
}
