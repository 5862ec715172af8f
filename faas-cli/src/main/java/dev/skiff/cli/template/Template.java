package dev.skiff.cli.template;

import java.nio.file.Path;

/**
 * A template found on disk.
 *
 * @param name the language name ({@code lang:} in stack.yml)
 * @param dir  its folder: template.yml, Dockerfile, the handler skeleton in {@code function/}
 * @param spec its template.yml
 */
public record Template(String name, Path dir, TemplateSpec spec) {
    /** The language whose handler folder holds the user's own Dockerfile. */
    public static final String DOCKERFILE = "dockerfile";

    /** The skeleton that {@code faas-cli new} copies into the handler folder. */
    public Path skeleton() {
        return dir.resolve("function");
    }

    public boolean isDockerfile() {
        return DOCKERFILE.equals(name);
    }
}
