package dev.skiff.function;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one Jackson mapper of the SDK, created on first use so that functions without JSON never load Jackson. */
final class Json {
    private Json() {
    }

    static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    private static final class Holder {
        // Unknown fields are ignored: a client adding a field must not break a deployed function.
        private static final ObjectMapper MAPPER = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .findAndAddModules()
                .build();
    }
}
