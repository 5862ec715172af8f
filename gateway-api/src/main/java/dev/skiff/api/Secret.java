package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;

/**
 * The body of {@code POST}, {@code PUT} and {@code DELETE /system/secrets}, and one entry of
 * {@code GET /system/secrets} (name and namespace only: values are never listed).
 *
 * @param name      the secret's name; the file name under {@code /var/openfaas/secrets/}
 * @param namespace empty or the one namespace the gateway serves
 * @param value     the value as text ({@code faas-cli secret create --from-literal})
 * @param rawValue  the value as bytes, base64 on the wire ({@code --from-file}); used when {@code value} is empty
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Secret(String name, String namespace, String value, byte[] rawValue) {

    /** A list entry: no value. */
    public static Secret named(String name, String namespace) {
        return new Secret(name, namespace, null, null);
    }

    /** The bytes to store: {@code value} if given, else the decoded {@code rawValue}, else nothing. */
    public byte[] bytes() {
        if (value != null && !value.isEmpty()) {
            return value.getBytes(StandardCharsets.UTF_8);
        }
        return rawValue == null ? new byte[0] : rawValue.clone();
    }

    /** Never shows the value: records print every field, and secrets end up in log lines. */
    @Override
    public String toString() {
        return "Secret[name=" + name + ", namespace=" + namespace + "]";
    }
}
