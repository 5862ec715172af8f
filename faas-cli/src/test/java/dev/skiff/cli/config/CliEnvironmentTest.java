package dev.skiff.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CliEnvironmentTest {
    private static final Path HOME = Path.of("/home/u");
    private static final Path CWD = Path.of("/work/project");

    @ParameterizedTest(name = "OPENFAAS_CONFIG={0} CI={1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -            | -     | /home/u/.openfaas
            /tmp/foo     | -     | /tmp/foo
            /tmp/foo     | true  | /tmp/foo
            -            | true  | /work/project/.openfaas
            -            | 1     | /work/project/.openfaas
            -            | false | /home/u/.openfaas
            -            | yes   | /home/u/.openfaas
            ~/other      | -     | /home/u/other
            relative     | -     | /work/project/relative
            """)
    void choosesTheConfigDirectoryLikeFaasCli(String openfaasConfig, String ci, String expected) {
        var env = new HashMap<String, String>();
        if (openfaasConfig != null) {
            env.put("OPENFAAS_CONFIG", openfaasConfig);
        }
        if (ci != null) {
            env.put("CI", ci);
        }
        var environment = CliEnvironment.from(env, HOME, CWD);

        assertEquals(Path.of(expected), environment.configDir());
        assertEquals(Path.of(expected, "config.yml"), environment.configFile());
    }

    @Test
    void readsTheGatewayAndDebugFlag() {
        var environment = CliEnvironment.from(Map.of("OPENFAAS_URL", " http://gw:8080 ", "FAAS_DEBUG", "1"), HOME, CWD);

        assertEquals(Optional.of("http://gw:8080"), environment.openfaasUrl());
        assertTrue(environment.debug());
    }

    @Test
    void ignoresABlankGatewayAndUnsetDebug() {
        var environment = CliEnvironment.from(Map.of("OPENFAAS_URL", "  "), HOME, CWD);

        assertEquals(Optional.empty(), environment.openfaasUrl());
        assertFalse(environment.debug());
    }
}
