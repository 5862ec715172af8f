package dev.skiff.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.cli.CliException;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvSubstitutionTest {
    private final EnvSubstitution substitution = new EnvSubstitution(Map.of(
            "NAME", "skiff", "EMPTY", "", "TAG", "1.0", "OTHER", "other"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            image: $NAME                  | image: skiff
            image: ${NAME}:${TAG}         | image: skiff:1.0
            $NAME-$TAG                    | skiff-1.0
            ${UNSET}                      |
            [$UNSET]                      | []
            ${UNSET:-fallback}            | fallback
            ${EMPTY:-fallback}            | fallback
            ${NAME:-fallback}             | skiff
            ${UNSET=fallback}             | fallback
            ${UNSET:=fallback}            | fallback
            ${UNSET:-${OTHER}-x}          | other-x
            ${UNSET:-}                    |
            costs $$5                     | costs $5
            $${NAME}                      | ${NAME}
            a $ alone                     | a $ alone
            price $5                      | price $5
            """)
    void substitutes(String text, String expected) {
        // An empty CSV column arrives as null.
        assertEquals(Objects.requireNonNullElse(expected, ""), substitution.apply("stack.yml", text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ${NAME^^}      | unsupported substitution ${NAME^^}
            ${NAME#*.}     | unsupported substitution ${NAME#*.}
            ${NAME:?oops}  | unsupported substitution ${NAME:?oops}
            ${}            | unsupported substitution ${}
            ${NAME         | is never closed
            """)
    void rejectsWhatItDoesNotSupportWithTheLine(String text, String message) {
        var error = assertThrows(CliException.class, () -> substitution.apply("stack.yml", "a: b\nc: " + text));
        assertTrue(error.getMessage().startsWith("stack.yml line 2: "), error.getMessage());
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }
}
