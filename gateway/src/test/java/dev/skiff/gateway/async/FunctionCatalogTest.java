package dev.skiff.gateway.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.api.FunctionStatus;
import dev.skiff.api.Json;
import dev.skiff.gateway.provider.FunctionNotFoundException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FunctionCatalogTest {
    private static FunctionStatus withAnnotations(Map<String, String> annotations) {
        return Json.mapper().convertValue(Map.of("name", "echo", "image", "img", "annotations", annotations),
                FunctionStatus.class);
    }

    @Test
    void asksTheProviderOnceWhenAnEntryIsDueWhileConcurrentCallsGoOnWithWhatIsKnown() throws Exception {
        var asked = new AtomicInteger();
        var slow = new AtomicBoolean();
        var catalog = new FunctionCatalog(name -> {
            asked.incrementAndGet();
            if (slow.get()) {
                sleep(Duration.ofMillis(300));
            }
            return withAnnotations(Map.of("com.openfaas.queue", "q" + asked.get()));
        }, Duration.ofMillis(50));
        assertEquals("q1", catalog.annotations("echo").get("com.openfaas.queue"));
        sleep(Duration.ofMillis(80));
        slow.set(true);
        var done = new CountDownLatch(32);
        var seen = new java.util.concurrent.ConcurrentLinkedQueue<String>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 32; i++) {
                threads.submit(() -> {
                    seen.add(catalog.annotations("echo").get("com.openfaas.queue"));
                    done.countDown();
                });
            }
            done.await();
        }
        assertEquals(2, asked.get(), "one refresh for 32 calls");
        assertEquals(31, seen.stream().filter("q1"::equals).count(), "the others used the known entry");
        assertEquals("q2", catalog.annotations("echo").get("com.openfaas.queue"));
    }

    @Test
    void isFreshOnlyWhileALookUpWouldNotAskTheProvider() {
        var catalog = new FunctionCatalog(name -> withAnnotations(Map.of()), Duration.ofSeconds(2));
        assertFalse(catalog.isFresh("echo"), "never looked up");
        catalog.annotations("echo");
        assertTrue(catalog.isFresh("echo"));
        // 150 ms (or less, on a slow machine) before the entry is due: within the last tenth, so not fresh.
        sleep(Duration.ofMillis(1850));
        assertFalse(catalog.isFresh("echo"), "due within a tenth of the keep time");
    }

    @Test
    void forgetsAFunctionTheProviderNoLongerKnows() {
        var removed = new AtomicBoolean();
        var catalog = new FunctionCatalog(name -> {
            if (removed.get()) {
                throw new FunctionNotFoundException(name);
            }
            return withAnnotations(Map.of());
        }, Duration.ofMillis(10));
        catalog.annotations("echo");
        removed.set(true);
        sleep(Duration.ofMillis(30));
        assertThrows(FunctionNotFoundException.class, () -> catalog.annotations("echo"));
        assertThrows(FunctionNotFoundException.class, () -> catalog.annotations("echo"));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
