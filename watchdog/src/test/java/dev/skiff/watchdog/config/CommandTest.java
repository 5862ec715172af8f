package dev.skiff.watchdog.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class CommandTest {

    @Test
    void wordsSplitOnRunsOfWhitespaceAsTheRegexDid() {
        for (String line : List.of("cat", "  cat  -n\tfoo \n", "sh\u000B-c\fx\r", "", "   ", "a b  c")) {
            List<String> expected = line.strip().isEmpty() ? List.of() : List.of(line.strip().split("\\s+"));
            assertEquals(expected, Command.words(line), "for \"" + line + "\"");
        }
    }

    @Test
    void digitsOnlyIsTrueForDecimalDigitsAlone() {
        assertEquals(true, GoDuration.digitsOnly("0123456789"));
        assertEquals(false, GoDuration.digitsOnly("30s"));
        assertEquals(false, GoDuration.digitsOnly("-1"));
    }
}
