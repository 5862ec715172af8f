package dev.skiff.cli.template;

import dev.skiff.cli.CliException;
import dev.skiff.cli.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds templates in folders tried in order, the first one with a language winning: {@code ./template/}
 * (OpenFaaS's place for pulled templates, so a project can carry its own), then Skiff's {@code templates/}
 * ({@code $SKIFF_HOME/templates}, which {@code bin/faas-cli} sets).
 */
public final class TemplateStore {
    private final List<Path> roots;
    private final YamlReader reader = new YamlReader(null);

    /** @param roots folders holding one folder per language */
    public TemplateStore(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** Every language, by name. */
    public Map<String, Template> list() {
        var found = new TreeMap<String, Template>();
        for (var root : roots.reversed()) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.filter(dir -> Files.isRegularFile(dir.resolve("template.yml")))
                        .forEach(dir -> found.put(dir.getFileName().toString(), load(dir)));
            } catch (IOException e) {
                throw new CliException("cannot list templates in " + root + ": " + e.getMessage(), e);
            }
        }
        return found;
    }

    /** The template of {@code lang}; fails naming the languages there are. */
    public Template require(String lang) {
        return find(lang).orElseThrow(() -> new CliException("template " + lang + " not found (looked in "
                + roots + "); languages: " + String.join(", ", list().keySet()) + "; see faas-cli template list"));
    }

    public Optional<Template> find(String lang) {
        if (lang == null || lang.isBlank() || lang.contains("/") || lang.contains("..")) {
            return Optional.empty();
        }
        return roots.stream().map(root -> root.resolve(lang))
                .filter(dir -> Files.isRegularFile(dir.resolve("template.yml")))
                .findFirst().map(this::load);
    }

    private Template load(Path dir) {
        var file = dir.resolve("template.yml");
        try {
            var spec = reader.read(file.toString(), Files.readString(file), TemplateSpec.class);
            return new Template(dir.getFileName().toString(), dir,
                    spec == null ? new TemplateSpec(null, null, null, null, null, null) : spec);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
