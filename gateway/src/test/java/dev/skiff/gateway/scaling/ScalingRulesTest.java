package dev.skiff.gateway.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.gateway.scaling.ScalingSettings.ZeroMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalingRulesTest {
    private static final ScalingSettings SETTINGS = ScalingSettings.fromEnv(Map.of("scale_zero_mode", "warm"));

    @Test
    void openFaasDefaults() {
        var rules = ScalingRules.from(Map.of(), Map.of(), SETTINGS);
        assertEquals(1, rules.min());
        assertEquals(20, rules.max());
        assertEquals(50, rules.target());
        assertEquals(ScalingRules.Type.RPS, rules.type());
        assertEquals(4, rules.step());
        assertFalse(rules.zero());
        assertEquals(Duration.ofMinutes(15), rules.zeroDuration());
        assertEquals(ZeroMode.WARM, rules.zeroMode(), "the platform default");
    }

    @Test
    void readsEveryLabelAndTheZeroModeAnnotation() {
        var rules = ScalingRules.from(Map.of("com.openfaas.scale.min", "0", "com.openfaas.scale.max", "7",
                "com.openfaas.scale.target", "2.5", "com.openfaas.scale.type", "CPU",
                "com.openfaas.scale.factor", "100", "com.openfaas.scale.zero", "true",
                "com.openfaas.scale.zero-duration", "1m30s"), Map.of("dev.skiff.scale.zero-mode", "cold"), SETTINGS);
        assertEquals(0, rules.min());
        assertEquals(1, rules.wakeReplicas());
        assertEquals(7, rules.max());
        assertEquals(2.5, rules.target());
        assertEquals(ScalingRules.Type.CPU, rules.type());
        assertEquals(7, rules.step());
        assertTrue(rules.zero());
        assertEquals(Duration.ofSeconds(90), rules.zeroDuration());
        assertEquals(ZeroMode.COLD, rules.zeroMode());
    }

    @Test
    void badLabelsAreErrorsNamingTheLabel() {
        for (var bad : Map.of("com.openfaas.scale.max", "0", "com.openfaas.scale.factor", "101",
                "com.openfaas.scale.type", "memory", "com.openfaas.scale.target", "-1",
                "com.openfaas.scale.zero-duration", "soon").entrySet()) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> ScalingRules.from(Map.of(bad.getKey(), bad.getValue()), Map.of(), SETTINGS));
            assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ScalingRules.from(
                Map.of("com.openfaas.scale.min", "5", "com.openfaas.scale.max", "2"), Map.of(), SETTINGS));
    }

    @Test
    void settingsValidateTheirWindows() {
        assertThrows(IllegalArgumentException.class,
                () -> ScalingSettings.fromEnv(Map.of("scale_panic_window", "2m")));
        assertThrows(IllegalArgumentException.class, () -> ScalingSettings.fromEnv(Map.of("scale_zero_mode", "hot")));
        var settings = ScalingSettings.fromEnv(Map.of("scale_stable_window", "10", "scale_panic_window", "2s"));
        assertEquals(Duration.ofSeconds(10), settings.stableWindow());
    }
}
