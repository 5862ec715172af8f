package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of {@code DELETE /system/functions}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DeleteFunctionRequest(String functionName, String namespace) {
}
