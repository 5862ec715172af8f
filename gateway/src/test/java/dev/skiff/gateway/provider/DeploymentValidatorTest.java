package dev.skiff.gateway.provider;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.api.FunctionDeployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeploymentValidatorTest {
    private final DeploymentValidator validator = new DeploymentValidator("openfaas-fn");

    @ParameterizedTest
    @ValueSource(strings = {"echo", "a", "figlet-2", "0x"})
    void acceptsDnsLabels(String name) {
        assertDoesNotThrow(() -> validator.validate(FunctionDeployment.of(name, "img")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bad_Name", "-echo", "echo-", "Echo", "a.b", "with space",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void rejectsNamesThatAreNotDnsLabelsSayingSo(String name) {
        var error = assertThrows(InvalidDeploymentException.class,
                () -> validator.validate(FunctionDeployment.of(name, "img")));
        assertTrue(error.getMessage().contains("must be a valid DNS entry"), error.getMessage());
    }

    @Test
    void rejectsAMissingImageNamingTheField() {
        var error = assertThrows(InvalidDeploymentException.class,
                () -> validator.validate(FunctionDeployment.of("echo", " ")));
        assertTrue(error.getMessage().contains("image is required"), error.getMessage());
    }

    @Test
    void rejectsAnotherNamespace() {
        var deployment = new FunctionDeployment("echo", "img", "other", null, null, null, null, null, null, null,
                null, false);
        var error = assertThrows(InvalidDeploymentException.class, () -> validator.validate(deployment));
        assertTrue(error.getMessage().contains("namespace not valid"), error.getMessage());
    }
}
