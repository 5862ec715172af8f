package dev.skiff.cli.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the CLI takes from its environment, read once. {@code Main} builds it from
 * {@code System.getenv()}; tests pass a literal map.
 *
 * <table>
 * <caption>Variables</caption>
 * <tr><th>Variable</th><th>Default</th><th>Meaning</th></tr>
 * <tr><td>{@code OPENFAAS_URL}</td><td>unset</td><td>gateway when neither -g nor the stack names one</td></tr>
 * <tr><td>{@code OPENFAAS_CONFIG}</td><td>{@code ~/.openfaas}</td><td>directory of {@code config.yml}</td></tr>
 * <tr><td>{@code CI}</td><td>unset</td><td>{@code true} or {@code 1}: config in {@code ./.openfaas}</td></tr>
 * <tr><td>{@code SKIFF_HOME}</td><td>set by bin/faas-cli</td><td>Skiff's checkout: templates, images/bases.sh</td></tr>
 * <tr><td>{@code SKIFF_TEMPLATES}</td><td>{@code $SKIFF_HOME/templates}</td><td>built-in templates</td></tr>
 * <tr><td>{@code FAAS_DEBUG}</td><td>unset</td><td>{@code 1} or {@code true}: print each request, stack traces</td></tr>
 * </table>
 *
 * @param openfaasUrl gateway from {@code OPENFAAS_URL}, if set and not blank
 * @param configDir   where {@code config.yml} lives
 * @param debug       print each HTTP request and the stack trace of unexpected errors
 * @param workingDir  relative {@code -f} paths and the default stack file are looked up here
 * @param variables   the whole environment, for {@code ${VAR}} substitution in stack files
 */
public record CliEnvironment(Optional<String> openfaasUrl, Path configDir, boolean debug, Path workingDir,
                             Map<String, String> variables) {
    public static final String OPENFAAS_URL = "OPENFAAS_URL";
    public static final String OPENFAAS_CONFIG = "OPENFAAS_CONFIG";
    public static final String CI = "CI";
    public static final String FAAS_DEBUG = "FAAS_DEBUG";
    public static final String SKIFF_HOME = "SKIFF_HOME";
    public static final String SKIFF_TEMPLATES = "SKIFF_TEMPLATES";

    static final String CONFIG_DIR_NAME = ".openfaas";
    static final String CONFIG_FILE_NAME = "config.yml";

    public CliEnvironment {
        variables = Map.copyOf(variables);
    }

    /** The process's environment, home and working directory. */
    public static CliEnvironment fromSystem() {
        return from(System.getenv(), Path.of(System.getProperty("user.home")), Path.of("").toAbsolutePath());
    }

    public static CliEnvironment from(Map<String, String> env, Path home, Path workingDir) {
        var url = Optional.ofNullable(env.get(OPENFAAS_URL)).map(String::strip).filter(s -> !s.isEmpty());
        return new CliEnvironment(url, configDir(env, home, workingDir), isTrue(env.get(FAAS_DEBUG)), workingDir, env);
    }

    /** Skiff's checkout, from {@code SKIFF_HOME} (bin/faas-cli sets it): templates and image scripts. */
    public java.util.Optional<Path> skiffHome() {
        return Optional.ofNullable(variables.get(SKIFF_HOME)).filter(s -> !s.isBlank()).map(Path::of);
    }

    /**
     * Where templates are looked up, first match winning: {@code ./template} (a project's own, as in
     * OpenFaaS), then {@code $SKIFF_TEMPLATES}, else {@code $SKIFF_HOME/templates}.
     */
    public java.util.List<Path> templateRoots() {
        var roots = new java.util.ArrayList<Path>();
        roots.add(workingDir.resolve("template"));
        var configured = variables.getOrDefault(SKIFF_TEMPLATES, "").strip();
        if (!configured.isEmpty()) {
            roots.add(workingDir.resolve(configured));
        } else {
            skiffHome().ifPresent(home -> roots.add(home.resolve("templates")));
        }
        return roots;
    }

    /** {@code config.yml} in {@link #configDir()}. */
    public Path configFile() {
        return configDir.resolve(CONFIG_FILE_NAME);
    }

    // Same order as faas-cli's config.ConfigDir: the explicit override wins even on CI, where the
    // default moves to the working directory so jobs do not share a home directory's credentials.
    private static Path configDir(Map<String, String> env, Path home, Path workingDir) {
        var override = env.getOrDefault(OPENFAAS_CONFIG, "").strip();
        if (!override.isEmpty()) {
            return override.startsWith("~/") ? home.resolve(override.substring(2)) : workingDir.resolve(override);
        }
        if (isTrue(env.get(CI))) {
            return workingDir.resolve(CONFIG_DIR_NAME);
        }
        return home.resolve(CONFIG_DIR_NAME);
    }

    private static boolean isTrue(String value) {
        return "true".equals(value) || "1".equals(value);
    }
}
