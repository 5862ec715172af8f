package dev.skiff.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.skiff.gateway.provider.FunctionNotFoundException;
import org.junit.jupiter.api.Test;

class FunctionNamesTest {

    @Test
    void splitsTheNamespaceAtTheLastDot() {
        var name = FunctionNames.parse("figlet.openfaas-fn");
        assertEquals("figlet", name.function());
        assertEquals("openfaas-fn", name.namespace());
        assertEquals("a.b", FunctionNames.parse("a.b.ns").function());
    }

    @Test
    void aBareNameHasNoNamespace() {
        assertNull(FunctionNames.parse("echo").namespace());
    }

    @Test
    void namesOutsideTheRouteAlphabetAreNotFound() {
        assertThrows(FunctionNotFoundException.class, () -> FunctionNames.parse("ec ho"));
        assertThrows(FunctionNotFoundException.class, () -> FunctionNames.parse("echo$"));
    }
}
