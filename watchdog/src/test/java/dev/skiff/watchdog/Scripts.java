package dev.skiff.watchdog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shell scripts for fprocess. OpenFaaS splits fprocess on spaces with no quoting, so anything more
 * than a command and plain arguments goes in a script: {@code fprocess="sh /path/script.sh"}.
 */
public final class Scripts {

    private Scripts() {
    }

    /** Writes {@code body} to {@code folder/name} and returns the fprocess value that runs it. */
    public static String fprocess(Path folder, String name, String body) {
        try {
            Path script = folder.resolve(name);
            Files.writeString(script, body);
            return "sh " + script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
