import dev.skiff.api.Json;
import dev.skiff.api.async.CallStatus;
import dev.skiff.api.async.QueueRequest;
import io.nats.client.JetStream;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The gateway's publish path without its HTTP side: per call, what AsyncPublisher does (a QueueRequest
 * as JSON, a JetStream publish with a message id awaited for its store ack, the "queued" status without
 * an ack), from CONCURRENCY virtual threads on one connection, against a nats-server given by its URL and
 * PID. Prints calls/s and the CPU per call of this process and of nats-server, per round.
 *
 *   java -cp GATEWAY-CLASSPATH bench/async/PublishBench.java NATS-URL NATS-PID CALLS CONCURRENCY ROUNDS
 */
public final class PublishBench {
    public static void main(String[] args) throws Exception {
        var url = args[0];
        var natsPid = args[1];
        int calls = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        try (var connection = Nats.connect(Options.builder().server(url).build())) {
            var management = connection.jetStreamManagement();
            management.addStream(StreamConfiguration.builder().name("bench").subjects("bench.>")
                    .retentionPolicy(RetentionPolicy.WorkQueue).storageType(StorageType.File)
                    .duplicateWindow(Duration.ofMinutes(2)).build());
            connection.keyValueManagement().create(KeyValueConfiguration.builder().name("bench-status")
                    .ttl(Duration.ofHours(24)).maxHistoryPerKey(1).storageType(StorageType.File).build());
            var jetStream = connection.jetStream(JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(5)).build());
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            for (int round = 1; round <= rounds; round++) {
                long cpu = os.getProcessCpuTime();
                long nats = ticks(natsPid);
                long started = System.nanoTime();
                run(calls, concurrency, () -> publish(jetStream, connection));
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("round %d: %6.0f calls/s, this process %.3f ms CPU/call, nats-server %.3f ms CPU/call%n",
                        round, calls / seconds, (os.getProcessCpuTime() - cpu) / 1e6 / calls,
                        (ticks(natsPid) - nats) * 1000.0 / 100 / calls);
                management.purgeStream("bench");
            }
        }
    }

    interface Call {
        void run() throws Exception;
    }

    private static void run(int calls, int concurrency, Call call) throws InterruptedException {
        var slots = new Semaphore(concurrency);
        var done = new CountDownLatch(calls);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < calls; i++) {
                slots.acquire();
                threads.submit(() -> {
                    try {
                        call.run();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        slots.release();
                        done.countDown();
                    }
                });
            }
            done.await();
        }
    }

    private static void publish(JetStream jetStream, io.nats.client.Connection connection) throws Exception {
        var callId = UUID.randomUUID().toString();
        long now = System.currentTimeMillis() * 1_000_000L;
        var headers = new LinkedHashMap<String, List<String>>();
        headers.put("User-Agent", List.of("hey/0.0.1"));
        headers.put("Accept-Encoding", List.of("gzip"));
        headers.put("X-Call-Id", List.of(callId));
        headers.put("X-Start-Time", List.of(String.valueOf(now)));
        var request = new QueueRequest(headers, "127.0.0.1:8080", new byte[0], "GET", "/group", "", "bench-async", null,
                callId, "default", Map.of(), now);
        jetStream.publish("bench.default.bench-async", Json.mapper().writeValueAsBytes(request),
                PublishOptions.builder().messageId(callId).expectedStream("bench").build());
        var status = new Headers();
        status.put("Nats-Expected-Last-Subject-Sequence", "0");
        connection.publish("$KV.bench-status." + callId, status,
                Json.mapper().writeValueAsBytes(CallStatus.queued(callId, "bench-async", Instant.EPOCH.plusNanos(now))));
    }

    /** CPU ticks (1/100 s) of a process so far, user and system. */
    private static long ticks(String pid) throws Exception {
        var fields = Files.readString(Path.of("/proc/" + pid + "/stat")).split(" ");
        return Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    }
}
