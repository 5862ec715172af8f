package dev.skiff.api.async;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One queued call, as the gateway publishes it and the queue worker reads it. Field names follow
 * OpenFaaS's {@code queue.Request} (Go casing); unlike it, {@code CallbackUrl} is a plain URL string and
 * the call id, queue, and start time have fields of their own.
 *
 * @param header      the caller's headers, each name to its values
 * @param host        the Host the caller used
 * @param body        the request body (base64 on the wire, as Go writes {@code []byte})
 * @param method      the caller's HTTP method; the worker calls the function with it
 * @param path        what followed the function name: empty, {@code /} or {@code /x/y}
 * @param queryString the raw query, without {@code ?}
 * @param function    the function's name, without namespace
 * @param callbackUrl where the worker posts the result, from {@code X-Callback-Url}
 * @param callId      the call's {@code X-Call-Id}
 * @param queueName   the queue it was put on ({@code com.openfaas.queue}, else {@code default})
 * @param annotations the function's annotations that steer the worker (retries, concurrency)
 * @param queuedAt    when the gateway accepted it, Unix nanoseconds ({@code X-Start-Time})
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record QueueRequest(
        @JsonProperty("Header") Map<String, List<String>> header,
        @JsonProperty("Host") String host,
        @JsonProperty("Body") byte[] body,
        @JsonProperty("Method") String method,
        @JsonProperty("Path") String path,
        @JsonProperty("QueryString") String queryString,
        @JsonProperty("Function") String function,
        @JsonProperty("CallbackUrl") String callbackUrl,
        @JsonProperty("CallId") String callId,
        @JsonProperty("QueueName") String queueName,
        @JsonProperty("Annotations") Map<String, String> annotations,
        @JsonProperty("QueuedAt") long queuedAt) {

    public QueueRequest {
        header = header == null ? Map.of() : header;
        body = body == null ? new byte[0] : body;
        path = path == null ? "" : path;
        queryString = queryString == null ? "" : queryString;
        annotations = annotations == null ? Map.of() : annotations;
    }
}
