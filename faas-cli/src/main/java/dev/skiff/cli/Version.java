package dev.skiff.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The CLI's own version, filled in by Maven when the resources are copied. */
public final class Version {
    private static final String RESOURCE = "version.properties";

    private Version() {
    }

    public static String cli() {
        var properties = new Properties();
        try (var in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }

    public static String userAgent() {
        return "faas-cli/" + cli();
    }
}
