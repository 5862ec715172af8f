package dev.skiff.gateway.api;

import dev.skiff.gateway.provider.DeploymentValidator;
import dev.skiff.gateway.provider.FunctionNotFoundException;
import java.util.regex.Pattern;

/**
 * A function name as it appears in URLs: {@code NAME} or {@code NAME.NAMESPACE}, the last dot splitting
 * them, as current faas-cli always sends {@code NAME.openfaas-fn}.
 *
 * @param function  the bare name
 * @param namespace the namespace, or null when none was given
 */
record FunctionNames(String function, String namespace) {
    private static final Pattern ROUTE_NAME = Pattern.compile("[-a-zA-Z_0-9.]+");

    static FunctionNames parse(String segment) {
        if (segment == null || !ROUTE_NAME.matcher(segment).matches()) {
            throw new FunctionNotFoundException(segment == null ? "" : segment);
        }
        int dot = segment.lastIndexOf('.');
        return dot < 0
                ? new FunctionNames(segment, null)
                : new FunctionNames(segment.substring(0, dot), segment.substring(dot + 1));
    }

    /**
     * The function a {@code /function/{name}} or {@code /async-function/{name}} route names; a namespace other
     * than the one served means no such function (404), as for any unknown name.
     */
    static FunctionNames ofRoute(String segment, DeploymentValidator validator) {
        var name = parse(segment);
        if (name.namespace() != null) {
            try {
                validator.checkNamespace(name.namespace());
            } catch (RuntimeException e) {
                throw new FunctionNotFoundException(segment);
            }
        }
        return name;
    }
}
