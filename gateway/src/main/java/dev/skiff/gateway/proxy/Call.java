package dev.skiff.gateway.proxy;

import io.helidon.http.Header;
import java.util.List;

/**
 * Where a call goes: the function, what the function sees of the URL, and the headers the gateway adds.
 *
 * @param function     function name, without namespace
 * @param path         what followed the name ({@code /} when nothing), still URL-encoded
 * @param rawQuery     the query string as received, empty when none
 * @param addedHeaders headers set on the forwarded request, replacing the caller's of the same name
 */
public record Call(String function, String path, String rawQuery, List<Header> addedHeaders) {

    public Call {
        addedHeaders = List.copyOf(addedHeaders);
    }

    /** The path and query as the replica receives them. */
    String target() {
        return rawQuery.isEmpty() ? path : path + "?" + rawQuery;
    }
}
