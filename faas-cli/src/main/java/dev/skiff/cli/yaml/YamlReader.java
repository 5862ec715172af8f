package dev.skiff.cli.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skiff.cli.CliException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;

/**
 * Reads YAML files into records and turns Jackson's failures into messages that name the file,
 * the line and the key, e.g. {@code stack.yml line 7: functions.hello.labels must be a map (key: value), not a list}.
 */
public final class YamlReader {
    // Built on first use: the YAML stack is not loaded by commands that never read YAML.
    private static YAMLMapper mapper;

    private final PrintStream warnings;

    /**
     * @param warnings where unknown keys are reported; {@code null} ignores them silently (the config
     *                 file, which newer faas-cli versions may extend)
     */
    public YamlReader(PrintStream warnings) {
        this.warnings = warnings;
    }

    /** The mapper for reading and writing our YAML files: no {@code ---} marker, quotes only where needed. */
    public static synchronized YAMLMapper mapper() {
        if (mapper == null) {
            mapper = YAMLMapper.builder(YAMLFactory.builder()
                            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                            .build())
                    // A mistyped key must not silently drop a setting: it reaches the handler below.
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build();
        }
        return mapper;
    }

    /**
     * @param source the file name used in messages
     * @param text   the YAML document
     * @return the document, or {@code null} for an empty one
     */
    public <T> T read(String source, String text, Class<T> type) {
        try {
            return mapper().readerFor(type).withHandler(new UnknownKeys(source)).readValue(text);
        } catch (MismatchedInputException e) {
            throw new CliException(where(source, e.getLocation()) + path(e) + " must be " + expected(e)
                    + found(e), e);
        } catch (JsonMappingException e) {
            throw new CliException(where(source, e.getLocation()) + path(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new CliException(where(source, e.getLocation()) + "not valid YAML: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        }
    }

    private final class UnknownKeys extends DeserializationProblemHandler {
        private final String source;

        UnknownKeys(String source) {
            this.source = source;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                                             JsonDeserializer<?> deserializer, Object beanOrClass,
                                             String propertyName) throws IOException {
            if (warnings != null) {
                // Records are built through their constructor, so Jackson replays unknown keys from a
                // buffer after the whole map was read: p has no location, but the real parser has just
                // left that map and its context names where it was.
                var parent = path(ctxt.getParser().getParsingContext());
                warnings.println("warning: " + source + ": unknown key \"" + propertyName + "\""
                        + (parent.isEmpty() ? "" : " in " + parent) + " is ignored");
            }
            p.skipChildren();
            return true;
        }
    }

    private static String where(String source, JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return source + ": ";
        }
        return source + " line " + location.getLineNr() + ": ";
    }

    private static String path(JsonMappingException e) {
        var path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "the document" : path.toString();
    }

    private static String path(JsonStreamContext context) {
        var names = new ArrayList<String>();
        for (var c = context; c != null; c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                names.add(c.getCurrentName());
            } else if (c.inArray()) {
                names.add("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            }
        }
        Collections.reverse(names);
        return String.join(".", names).replace(".[", "[");
    }

    private static String expected(MismatchedInputException e) {
        var type = e.getTargetType();
        if (type == null) {
            return "of another type";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a map (key: value)";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type == String.class) {
            return "a single value";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        return "a " + type.getSimpleName();
    }

    private static String found(MismatchedInputException e) {
        if (!(e.getProcessor() instanceof JsonParser parser) || parser.currentToken() == null) {
            return "";
        }
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_ARRAY -> ", not a list";
            case START_OBJECT -> ", not a map";
            case VALUE_NULL -> ", not empty";
            default -> token.isScalarValue() ? ", not \"" + text(parser) + "\"" : "";
        };
    }

    private static String text(JsonParser parser) {
        try {
            return parser.getText();
        } catch (IOException e) {
            return "?";
        }
    }
}
