package dev.skiff.watchdog.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The function's command line from {@code fprocess}, split on spaces as OpenFaaS does (no quoting:
 * put anything fancier in a script). The program is resolved against PATH when the config is read,
 * so a typo fails start-up instead of every request.
 *
 * @param argv the program, as an absolute path, then its arguments
 */
public record Command(List<String> argv) {

    public Command {
        argv = List.copyOf(argv);
    }

    static Command parse(String variable, String value, String path) {
        List<String> words = words(value);
        if (words.isEmpty()) {
            throw new ConfigException(variable, "is empty; set it to the command that runs the function,"
                    + " for example fprocess=\"cat\"");
        }
        words.set(0, resolve(variable, words.getFirst(), path).toString());
        return new Command(words);
    }

    /** The words between runs of whitespace; none for a blank value. */
    static List<String> words(String value) {
        String stripped = value.strip();
        return stripped.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(stripped.split("\\s+")));
    }

    /** The program's path: as given if it contains a slash, else the first executable match on PATH. */
    private static Path resolve(String variable, String program, String path) {
        if (program.contains("/")) {
            Path given = Path.of(program);
            if (Files.isRegularFile(given) && Files.isExecutable(given)) {
                return given.toAbsolutePath();
            }
            throw new ConfigException(variable, "\"" + program
                    + "\" is not an executable file; fix the path or add the program to the image");
        }
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new ConfigException(variable, "\"" + program + "\" was not found on PATH (" + path
                + "); install it in the image or give its full path");
    }

    /** The program, for log lines. */
    public String program() {
        return argv.get(0);
    }
}
