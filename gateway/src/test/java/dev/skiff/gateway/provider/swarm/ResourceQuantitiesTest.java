package dev.skiff.gateway.provider.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceQuantitiesTest {

    @ParameterizedTest
    @CsvSource({"128Mi, 134217728", "128m, 134217728", "128M, 134217728", "1g, 1073741824", "1Gi, 1073741824",
            "5Mi, 5242880", "512k, 524288", "1024, 1024", "64mb, 67108864"})
    void readsDockerAndKubernetesMemorySizes(String text, long bytes) {
        assertEquals(bytes, ResourceQuantities.memoryBytes(text).orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({"100m, 100000000", "0.5, 500000000", "2, 2000000000", "1500m, 1500000000"})
    void readsMillicoresAndCores(String text, long nanos) {
        assertEquals(nanos, ResourceQuantities.nanoCpus(text).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "12 parsecs", "-1"})
    void skipsWhatItCannotRead(String text) {
        assertTrue(ResourceQuantities.memoryBytes(text).isEmpty());
        assertTrue(ResourceQuantities.nanoCpus(text).isEmpty());
    }
}
