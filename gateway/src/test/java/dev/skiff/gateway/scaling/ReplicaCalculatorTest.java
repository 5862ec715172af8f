package dev.skiff.gateway.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaCalculatorTest {
    private static final ScalingSettings SETTINGS = ScalingSettings.fromEnv(Map.of());
    private static final Duration BUSY = Duration.ZERO;

    private static ScalingRules rules(Map<String, String> labels) {
        return ScalingRules.from(labels, Map.of(), SETTINGS);
    }

    @Test
    void scalesUpToWhatTheStableWindowNeeds() {
        var decision = ReplicaCalculator.decide(rules(Map.of()), 2, 120, 150, false, BUSY, 3);
        assertEquals(3, decision.desired(), decision.reason());
        assertFalse(decision.panic());
    }

    @Test
    void panicsWhenThePeakIsTwiceWhatCurrentReplicasTakeAndScalesToThePeak() {
        // 1 replica takes 50 req/s; a 200 req/s peak is 4x: straight to 4 though the stable mean is low.
        var decision = ReplicaCalculator.decide(rules(Map.of()), 1, 20, 200, false, BUSY, 10);
        assertEquals(4, decision.desired(), decision.reason());
        assertTrue(decision.panic());
    }

    @Test
    void neverScalesDownInsideAPanic() {
        var decision = ReplicaCalculator.decide(rules(Map.of()), 4, 10, 60, true, BUSY, 1);
        assertEquals(4, decision.desired(), decision.reason());
    }

    @Test
    void scalesDownOneStepAtATimeButNotBelowTheStableNeed() {
        // max 20, factor 20: a step is 4 replicas.
        assertEquals(6, ReplicaCalculator.decide(rules(Map.of()), 10, 50, 50, false, BUSY, 0).desired());
        assertEquals(8, ReplicaCalculator.decide(rules(Map.of()), 10, 400, 400, false, BUSY, 0).desired());
        assertEquals(9, ReplicaCalculator.decide(rules(Map.of("com.openfaas.scale.factor", "5")), 10, 0, 0, false,
                BUSY, 0).desired());
    }

    @Test
    void staysWithinMinAndMax() {
        var bounded = rules(Map.of("com.openfaas.scale.min", "2", "com.openfaas.scale.max", "3"));
        assertEquals(3, ReplicaCalculator.decide(bounded, 2, 1000, 1000, false, BUSY, 50).desired());
        assertEquals(2, ReplicaCalculator.decide(bounded, 3, 0, 0, false, BUSY, 0).desired());
    }

    @Test
    void capacityCountsCallsInFlight() {
        var capacity = rules(Map.of("com.openfaas.scale.type", "capacity", "com.openfaas.scale.target", "5"));
        assertEquals(4, ReplicaCalculator.decide(capacity, 1, 20, 20, false, BUSY, 20).desired());
    }

    @Test
    void goesToZeroOnlyWithTheLabelAfterTheIdleTimeAndWithNothingInFlight() {
        var zero = rules(Map.of("com.openfaas.scale.zero", "true", "com.openfaas.scale.zero-duration", "30s"));
        assertEquals(0, ReplicaCalculator.decide(zero, 1, 0, 0, false, Duration.ofSeconds(31), 0).desired());
        assertEquals(1, ReplicaCalculator.decide(zero, 1, 0, 0, false, Duration.ofSeconds(29), 0).desired());
        assertEquals(1, ReplicaCalculator.decide(zero, 1, 0, 0, false, Duration.ofSeconds(31), 1).desired());
        assertEquals(1, ReplicaCalculator.decide(rules(Map.of()), 1, 0, 0, false, Duration.ofDays(1), 0).desired());
    }

    @Test
    void aFunctionAtZeroStaysThereUntilACallWakesIt() {
        assertEquals(0, ReplicaCalculator.decide(rules(Map.of()), 0, 0, 0, false, BUSY, 0).desired());
    }

    @Test
    void minEqualToMaxFixesTheCount() {
        var fixed = rules(Map.of("com.openfaas.scale.min", "3", "com.openfaas.scale.max", "3"));
        assertEquals(3, ReplicaCalculator.decide(fixed, 3, 1000, 1000, false, BUSY, 90).desired());
    }
}
