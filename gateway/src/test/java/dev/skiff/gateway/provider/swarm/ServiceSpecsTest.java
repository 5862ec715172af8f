package dev.skiff.gateway.provider.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.api.FunctionDeployment;
import dev.skiff.gateway.provider.InvalidSecretException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceSpecsTest {
    private final ServiceSpecs specs = new ServiceSpecs("fnet", Duration.ofSeconds(1));

    @Test
    void stopGraceCoversTheWatchdogsNoticeAndDrain() {
        assertEquals(Duration.ofSeconds(37), ServiceSpecs.stopGracePeriod(Map.of()));
        assertEquals(Duration.ofSeconds(2 + 10 + 5), ServiceSpecs.stopGracePeriod(Map.of("write_timeout", "10s")));
        assertEquals(Duration.ofSeconds(7 + 30 + 5), ServiceSpecs.stopGracePeriod(Map.of("healthcheck_interval", "7")));
        assertEquals(Duration.ofSeconds(37), ServiceSpecs.stopGracePeriod(Map.of("write_timeout", "soon")));
    }

    @Test
    void checksHealthAndSetsTheShortNoticeUnlessTheUserDid() {
        var spec = specs.build(FunctionDeployment.of("echo", "img").withEnvProcess("cat"), Map.of(), 1);
        var container = spec.getTaskTemplate().getContainerSpec();
        assertEquals(ServiceSpecs.HEALTH_TEST, container.getHealthCheck().getTest());
        assertEquals(1_000_000_000L, container.getHealthCheck().getInterval());
        assertTrue(container.getEnv().contains("healthcheck_interval=2s"), container.getEnv().toString());
        assertTrue(container.getEnv().contains("fprocess=cat"));

        var own = specs.build(FunctionDeployment.of("echo", "img").withEnvVars(Map.of("healthcheck_interval", "5s")),
                Map.of(), 1);
        assertEquals(List.of("healthcheck_interval=5s"), own.getTaskTemplate().getContainerSpec().getEnv());
    }

    @Test
    void mountsTheNewestVersionUnderTheSecretsNameAndRemountsANewOne() {
        var v1 = new SwarmSecrets.Version("api-key", 1, "id1", "api-key.v1");
        var spec = specs.build(FunctionDeployment.of("echo", "img").withSecrets(List.of("api-key")),
                Map.of("api-key", v1), 1);
        var mount = spec.getTaskTemplate().getContainerSpec().getSecrets().getFirst();
        assertEquals("/var/openfaas/secrets/api-key", mount.getFile().getName());
        assertEquals("id1", mount.getSecretId());
        var uid = spec.getTaskTemplate().getContainerSpec().getLabels().get(Labels.UID);

        assertTrue(ServiceSpecs.remount(spec, new SwarmSecrets.Version("api-key", 2, "id2", "api-key.v2")));
        var container = spec.getTaskTemplate().getContainerSpec();
        assertEquals("id2", container.getSecrets().getFirst().getSecretId());
        assertEquals("api-key.v2", container.getSecrets().getFirst().getSecretName());
        assertTrue(!uid.equals(container.getLabels().get(Labels.UID)), "a new uid rolls the tasks");
        assertTrue(!ServiceSpecs.remount(spec, new SwarmSecrets.Version("other", 1, "id3", "other.v1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a/b", "a..b", "-x", "x-", "has space", "ümlaut",
            "a-name-that-is-much-too-long-for-a-docker-secret-once-versioned"})
    void refusesSecretNamesDockerOrOpenFaasWouldNot(String name) {
        assertThrows(InvalidSecretException.class, () -> SwarmSecrets.checkName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-key", "db.password", "A_1", "x"})
    void acceptsOrdinarySecretNames(String name) {
        SwarmSecrets.checkName(name);
    }
}
