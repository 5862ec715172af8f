package dev.skiff.gateway.provider.swarm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventActor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaCacheTest {

    @Test
    void aContainerBeingStoppedOrKilledLeavesTheRotation() {
        assertTrue(ReplicaCache.stops(kill("15")), "docker stop, swarm ending a task");
        assertTrue(ReplicaCache.stops(kill("9")), "docker kill");
        assertTrue(ReplicaCache.stops(event("die", Map.of("exitCode", "137"))));
        assertTrue(ReplicaCache.stops(event("kill", null)), "a kill event without its signal");
    }

    @Test
    void otherSignalsAndEventsLeaveItServing() {
        assertFalse(ReplicaCache.stops(kill("1")), "a SIGHUP sent by hand");
        assertFalse(ReplicaCache.stops(event("pause", Map.of())), "warm zero pauses, and unpauses for the next call");
        assertFalse(ReplicaCache.stops(event("start", Map.of())));
        assertFalse(ReplicaCache.stops(event("health_status: unhealthy", Map.of())));
    }

    private static Event kill(String signal) {
        return event("kill", Map.of("signal", signal, "com.docker.swarm.service.name", "echo"));
    }

    private static Event event(String action, Map<String, String> attributes) {
        var event = new Event().withId("c0ffee").withAction(action);
        return attributes == null ? event : event.withEventActor(new EventActor().withId("c0ffee").withAttributes(attributes));
    }
}
