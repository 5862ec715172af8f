package dev.skiff.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.skiff.cli.CliException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LogsCommandTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @ParameterizedTest
    @CsvSource({"30s, 2026-11-23T11:59:30Z", "5m, 2026-11-23T11:55:00Z", "1h30m, 2026-11-23T10:30:00Z",
            "2026-11-23T08:00:00Z, 2026-11-23T08:00:00Z"})
    void sinceTakesADurationOrATime(String since, String expected) {
        var command = new LogsCommand(null);
        command.since = since;
        assertEquals(Instant.parse(expected), command.since(NOW));
    }

    @Test
    void noSinceMeansEverythingAndGarbageIsRefused() {
        var command = new LogsCommand(null);
        assertNull(command.since(NOW));
        command.since = "yesterday";
        assertThrows(CliException.class, () -> command.since(NOW));
    }
}
