package dev.skiff.cli.template;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A template's {@code template.yml}, with OpenFaaS's keys and two of ours.
 *
 * @param language       the template's name
 * @param fprocess       sent as {@code envProcess} when the function sets no {@code fprocess}
 * @param welcomeMessage printed by {@code faas-cli new}
 * @param handlerFolder  where the handler goes in the build context (default {@code function})
 * @param buildCommand   ours: a shell command run on the host in the handler folder of the build context
 *                       before {@code docker build} (java21: {@code mvn -o package})
 * @param baseImages     ours: build argument to the {@code images/bases.sh} target that builds its default
 *                       image, e.g. {@code PYTHON_IMAGE: python3}; built on first use unless overridden
 */
public record TemplateSpec(
        String language,
        String fprocess,
        @JsonProperty("welcome_message") String welcomeMessage,
        @JsonProperty("handler_folder") String handlerFolder,
        @JsonProperty("build_command") String buildCommand,
        @JsonProperty("base_images") Map<String, String> baseImages) {

    public TemplateSpec {
        handlerFolder = handlerFolder == null || handlerFolder.isBlank() ? "function" : handlerFolder;
        baseImages = baseImages == null ? Map.of() : Map.copyOf(baseImages);
    }
}
