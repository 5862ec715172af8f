package dev.skiff.cli.stack;

import dev.skiff.cli.CliException;
import java.util.Map;

/**
 * Replaces environment variables in a stack file's raw text before it is parsed, as faas-cli does
 * with drone/envsubst. Supported: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}} (also spelt
 * {@code ${VAR=default}} and {@code ${VAR:=default}}; like drone/envsubst, all three use the default
 * when the variable is unset or empty, and the default may itself contain variables) and {@code $$}
 * for a literal {@code $}. Unset variables become empty. Other shell forms ({@code ${VAR^^}},
 * {@code ${VAR#x}}...) are rejected with the line number rather than left half-expanded.
 */
public final class EnvSubstitution {
    private final Map<String, String> variables;

    public EnvSubstitution(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /**
     * @param source file name for error messages
     * @param text   raw file content
     */
    public String apply(String source, String text) {
        var out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c != '$') {
                out.append(c);
                i++;
            } else if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int close = closingBrace(text, i + 2);
                if (close < 0) {
                    throw new CliException(source + " line " + line(text, i) + ": \"${\" is never closed with \"}\"");
                }
                out.append(expression(source, text, i, text.substring(i + 2, close)));
                i = close + 1;
            } else if (isNameStart(next)) {
                int end = nameEnd(text, i + 1);
                out.append(value(text.substring(i + 1, end)));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String expression(String source, String text, int at, String expression) {
        int end = expression.isEmpty() || !isNameStart(expression.charAt(0)) ? 0 : nameEnd(expression, 0);
        var name = expression.substring(0, end);
        var operator = expression.substring(end);
        if (!name.isEmpty() && operator.isEmpty()) {
            return value(name);
        }
        for (var prefix : new String[] {":-", ":=", "="}) {
            if (!name.isEmpty() && operator.startsWith(prefix)) {
                var current = value(name);
                return current.isEmpty() ? apply(source, operator.substring(prefix.length())) : current;
            }
        }
        throw new CliException(source + " line " + line(text, at) + ": unsupported substitution ${" + expression
                + "}; use $VAR, ${VAR} or ${VAR:-default}, or write $$ for a literal $");
    }

    private String value(String name) {
        return variables.getOrDefault(name, "");
    }

    private static int closingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            } else if (c == '\n') {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static int nameEnd(String text, int from) {
        int i = from;
        while (i < text.length() && (isNameStart(text.charAt(i)) || Character.isDigit(text.charAt(i)))) {
            i++;
        }
        return i;
    }

    private static int line(String text, int index) {
        return (int) text.substring(0, index).chars().filter(ch -> ch == '\n').count() + 1;
    }
}
