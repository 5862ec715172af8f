package dev.skiff.gateway.provider.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.gateway.provider.InvalidDeploymentException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryAuthTest {

    @ParameterizedTest
    @CsvSource({"registry.example.com/team/fn:1, registry.example.com", "127.0.0.1:5000/fn, 127.0.0.1:5000",
            "localhost/fn, localhost", "team/fn:1, https://index.docker.io/v1/", "fn, https://index.docker.io/v1/"})
    void findsTheRegistryAnImageNames(String image, String registry) {
        assertEquals(registry, RegistryAuth.registry(image));
    }

    @Test
    void decodesUserAndPasswordForTheImagesRegistry() {
        var encoded = Base64.getEncoder().encodeToString("robot:pa:ss".getBytes(StandardCharsets.UTF_8));
        var auth = RegistryAuth.of(encoded, "127.0.0.1:5000/fn:1").orElseThrow();
        assertEquals("robot", auth.getUsername());
        assertEquals("pa:ss", auth.getPassword());
        assertEquals("127.0.0.1:5000", auth.getRegistryAddress());
    }

    @Test
    void noneWhenEmptyAndA400WhenUnreadable() {
        assertTrue(RegistryAuth.of("", "fn").isEmpty());
        assertTrue(RegistryAuth.of(null, "fn").isEmpty());
        assertThrows(InvalidDeploymentException.class, () -> RegistryAuth.of("%%%", "fn"));
        var noColon = Base64.getEncoder().encodeToString("robot".getBytes(StandardCharsets.UTF_8));
        assertThrows(InvalidDeploymentException.class, () -> RegistryAuth.of(noColon, "fn"));
    }
}
