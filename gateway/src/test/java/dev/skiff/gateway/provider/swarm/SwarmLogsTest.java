package dev.skiff.gateway.provider.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.api.LogMessage;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SwarmLogsTest {
    private final SwarmLogs logs = new SwarmLogs(null, "openfaas-fn");

    @Test
    void readsTimeTaskAndTextFromALineWithDetails() {
        var line = "2026-11-23T23:01:43.112661602Z com.docker.swarm.node.id=rwpn,com.docker.swarm.service.id=qmub,"
                + "com.docker.swarm.task.id=1we3dsz 2026/11/23 23:01:43 Listening on port 8080 in streaming mode\n";
        assertEquals(new LogMessage("echo", "openfaas-fn", "1we3dsz", Instant.parse("2026-11-23T23:01:43.112661602Z"),
                "2026/11/23 23:01:43 Listening on port 8080 in streaming mode"), logs.parse("echo", line).orElseThrow());
    }

    @Test
    void keepsSpacesAndAnEmptyText() {
        var line = "2026-11-23T23:01:43Z com.docker.swarm.task.id=t1   indented  \n";
        assertEquals("  indented  ", logs.parse("f", line).orElseThrow().text());
        assertEquals("", logs.parse("f", "2026-11-23T23:01:43Z com.docker.swarm.task.id=t1 \n").orElseThrow().text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no-timestamp-here", "yesterday com.docker.swarm.task.id=t text"})
    void skipsLinesWithoutATimestamp(String line) {
        assertTrue(logs.parse("f", line).isEmpty());
    }
}
