package dev.skiff.cli.stack;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stack file ({@code stack.yml}): functions keyed by name, in file order.
 *
 * @param version       {@code 1.0} or absent
 * @param provider      where to deploy
 * @param configuration templates and extra build paths; used by {@code build}
 * @param functions     function name to its definition
 */
public record Stack(String version, Provider provider, Configuration configuration,
                    Map<String, StackFunction> functions) {

    public Stack {
        provider = provider == null ? new Provider(null, null, null) : provider;
        functions = functions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(functions));
    }

    /**
     * {@code provider:} of the stack.
     *
     * @param name    must be {@code openfaas} when given
     * @param gateway gateway URL for every command using this stack, unless {@code -g} says otherwise
     * @param network accepted for old stack files, not used (the gateway picks the network)
     */
    public record Provider(String name, String gateway, String network) {
    }

    /**
     * {@code configuration:} of the stack.
     *
     * @param templates template repositories to pull
     * @param copy      extra paths copied into every build context
     */
    public record Configuration(List<Template> templates, List<String> copy) {
    }

    /** A template repository: {@code {name: golang-middleware, source: https://...}}. */
    public record Template(String name, String source, String path) {
    }

    public Optional<String> gateway() {
        return Optional.ofNullable(provider.gateway()).filter(g -> !g.isBlank());
    }

    public Stack withFunctions(Map<String, StackFunction> selected) {
        return new Stack(version, provider, configuration, selected);
    }
}
