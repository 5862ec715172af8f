package dev.skiff.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.cli.CliException;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FunctionFilterTest {
    private static final Stack STACK = stackOf("fn-a", "fn-b", "other", "a.b");

    private static Stack stackOf(String... names) {
        var functions = new LinkedHashMap<String, StackFunction>();
        for (var name : names) {
            functions.put(name, new StackFunction(null, null, name + ":1", null, null, null, null, null, null, null,
                    null, null, null, null, null, null, false, false, null));
        }
        return new Stack(null, null, null, functions);
    }

    @ParameterizedTest(name = "--filter {0} selects {1}")
    @CsvSource(delimiter = '|', textBlock = """
            fn-*     | fn-a fn-b
            *-b      | fn-b
            *        | fn-a fn-b other a.b
            other    | other
            a.b      | a.b
            """)
    void wildcardMatchesTheWholeName(String wildcard, String expected) {
        var selected = new FunctionFilter(wildcard, null).select(STACK, "stack.yml");
        assertEquals(List.of(expected.split(" ")), List.copyOf(selected.functions().keySet()));
    }

    @ParameterizedTest(name = "--regex {0} selects {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ^fn      | fn-a fn-b
            b$       | fn-b a.b
            th       | other
            """)
    void regexMatchesAnyPartOfTheName(String regex, String expected) {
        var selected = new FunctionFilter(null, regex).select(STACK, "stack.yml");
        assertEquals(List.of(expected.split(" ")), List.copyOf(selected.functions().keySet()));
    }

    @Test
    void withoutFilterSelectsEverything() {
        assertEquals(STACK, FunctionFilter.all().select(STACK, "stack.yml"));
    }

    @Test
    void failsWhenNothingMatchesListingTheFunctions() {
        var error = assertThrows(CliException.class, () -> new FunctionFilter("zzz*", null).select(STACK, "stack.yml"));
        assertTrue(error.getMessage().contains("fn-a, fn-b, other, a.b"), error.getMessage());
    }

    @Test
    void refusesFilterAndRegexTogether() {
        assertThrows(CliException.class, () -> new FunctionFilter("a", "b").select(STACK, "stack.yml"));
    }
}
