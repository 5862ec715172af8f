package dev.skiff.cli.stack;

import dev.skiff.cli.CliException;
import java.util.LinkedHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code --filter} and {@code --regex}: which functions of a stack a command acts on. Like faas-cli,
 * the wildcard must match the whole name ({@code *} is the only special character) and the regular
 * expression may match any part of it.
 *
 * @param wildcard for example {@code fn-*}, or null
 * @param regex    for example {@code ^fn[0-9]}, or null
 */
public record FunctionFilter(String wildcard, String regex) {

    public static FunctionFilter all() {
        return new FunctionFilter(null, null);
    }

    /** The functions of {@code stack} that match, in file order; fails when none do. */
    public Stack select(Stack stack, String source) {
        boolean byWildcard = wildcard != null && !wildcard.isEmpty();
        boolean byRegex = regex != null && !regex.isEmpty();
        if (byWildcard && byRegex) {
            throw new CliException("give --filter or --regex, not both");
        }
        if (!byWildcard && !byRegex) {
            return stack;
        }
        var pattern = byRegex ? compile(regex) : Pattern.compile(globToRegex(wildcard));
        var selected = new LinkedHashMap<String, StackFunction>();
        stack.functions().forEach((name, function) -> {
            var matcher = pattern.matcher(name);
            if (byRegex ? matcher.find() : matcher.matches()) {
                selected.put(name, function);
            }
        });
        if (selected.isEmpty()) {
            throw new CliException("no function in " + source + " matches "
                    + (byRegex ? "--regex " + regex : "--filter " + wildcard)
                    + "; its functions are: " + String.join(", ", stack.functions().keySet()));
        }
        return stack.withFunctions(selected);
    }

    private static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new CliException("--regex " + regex + " is not a valid regular expression: " + e.getDescription());
        }
    }

    private static String globToRegex(String glob) {
        var parts = glob.split("\\*", -1);
        var regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            regex.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
        }
        return regex.toString();
    }
}
