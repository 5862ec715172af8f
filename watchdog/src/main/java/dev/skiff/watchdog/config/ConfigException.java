package dev.skiff.watchdog.config;

/**
 * A watchdog environment variable is missing or has a value we cannot use. The message names the
 * variable and says what to set instead (also thrown where a setting is checked against what it
 * names, such as inproc mode's handler jars); Main prints it as the one line before exiting with 1.
 */
public final class ConfigException extends RuntimeException {

    public ConfigException(String variable, String problem) {
        super(variable + ": " + problem);
    }
}
