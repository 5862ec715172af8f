package dev.skiff.api.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.skiff.api.DeleteFunctionRequest;
import dev.skiff.api.FunctionDeployment;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.GatewayInfo;
import dev.skiff.api.Json;
import dev.skiff.api.LogMessage;
import dev.skiff.api.ScaleServiceRequest;
import dev.skiff.api.Secret;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.time.Instant;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import dev.skiff.api.async.CallStatus;
import dev.skiff.api.async.DeadLetter;
import dev.skiff.api.async.DeadLetterAction;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Typed calls to a gateway's {@code /system/*} routes, and invocations of functions. */
public final class GatewayClient implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    // Deploys and lists answer in well under a second; a minute covers a busy swarm manager.
    private static final Duration SYSTEM_TIMEOUT = Duration.ofSeconds(60);

    private final URI gateway;
    private final Credentials credentials;
    private final HttpClient http;
    private final String userAgent;

    public GatewayClient(URI gateway, Credentials credentials) {
        this(gateway, credentials, "skiff-gateway-client");
    }

    public GatewayClient(URI gateway, Credentials credentials, String userAgent) {
        this(gateway, credentials, userAgent, null);
    }

    /**
     * @param sslContext for {@code https://} gateways, e.g. one that trusts any certificate
     *                   ({@code faas-cli --tls-no-verify}); null for the JDK's default
     */
    public GatewayClient(URI gateway, Credentials credentials, String userAgent, SSLContext sslContext) {
        this.gateway = URI.create(gateway.toString().replaceAll("/+$", ""));
        this.credentials = credentials;
        this.userAgent = userAgent;
        var builder = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.http = builder.build();
    }

    public URI gateway() {
        return gateway;
    }

    public List<FunctionStatus> listFunctions() {
        var response = send(system("/system/functions").GET());
        return read(response, new TypeReference<>() { });
    }

    public FunctionStatus getFunction(String name) {
        var response = send(system("/system/function/" + encode(name)).GET());
        return read(response, new TypeReference<>() { });
    }

    /**
     * Updates the function if it exists, else creates it: {@code PUT}, then {@code POST} on 404, as faas-cli
     * does. Returns the status of the call that succeeded (202 from this gateway).
     */
    public int deploy(FunctionDeployment deployment) {
        var body = write(deployment);
        var update = sendRaw(system("/system/functions").PUT(HttpRequest.BodyPublishers.ofString(body)));
        if (update.statusCode() == 404) {
            return expectSuccess(sendRaw(system("/system/functions").POST(HttpRequest.BodyPublishers.ofString(body))))
                    .statusCode();
        }
        return expectSuccess(update).statusCode();
    }

    /** Creates a function; fails if it exists. */
    public void create(FunctionDeployment deployment) {
        send(system("/system/functions").POST(HttpRequest.BodyPublishers.ofString(write(deployment))));
    }

    /** Replaces the spec of an existing function. */
    public void update(FunctionDeployment deployment) {
        send(system("/system/functions").PUT(HttpRequest.BodyPublishers.ofString(write(deployment))));
    }

    public void remove(String name) {
        remove(name, null);
    }

    /** Removes a function; {@code namespace} may be null for the gateway's own. */
    public void remove(String name, String namespace) {
        var body = write(new DeleteFunctionRequest(name, namespace));
        send(system("/system/functions").method("DELETE", HttpRequest.BodyPublishers.ofString(body)));
    }

    public void scale(String name, long replicas) {
        var body = write(new ScaleServiceRequest(name, replicas, null));
        send(system("/system/scale-function/" + encode(name)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public GatewayInfo info() {
        return read(send(system("/system/info").GET()), new TypeReference<>() { });
    }

    /** {@code GET /system/secrets}: names and namespaces, never values. */
    public List<Secret> listSecrets() {
        return read(send(system("/system/secrets").GET()), new TypeReference<>() { });
    }

    /** {@code POST /system/secrets}; a secret that exists already fails with status 409. */
    public void createSecret(Secret secret) {
        send(system("/system/secrets").POST(HttpRequest.BodyPublishers.ofString(write(secret))));
    }

    /** {@code PUT /system/secrets}; an unknown secret fails with status 404. */
    public void updateSecret(Secret secret) {
        send(system("/system/secrets").PUT(HttpRequest.BodyPublishers.ofString(write(secret))));
    }

    /** {@code DELETE /system/secrets}; an unknown secret fails with status 404. */
    public void removeSecret(String name) {
        var body = write(Secret.named(name, null));
        send(system("/system/secrets").method("DELETE", HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * {@code GET /system/logs}: hands each NDJSON line to {@code each} as it arrives, and returns when the
     * stream ends (with {@code follow}, only when the gateway closes it or the thread is interrupted).
     *
     * @param tail  how many of the latest lines; -1 for all
     * @param since only lines after this, or null
     */
    public void logs(String name, boolean follow, int tail, Instant since, Consumer<LogMessage> each) {
        var query = "?name=" + encode(name) + "&follow=" + follow + "&tail=" + tail
                + (since == null ? "" : "&since=" + encode(since.toString()));
        var builder = system("/system/logs" + query).GET();
        if (follow) {
            // A followed stream is open-ended: no request timeout (the builder's is for whole answers).
            builder.timeout(Duration.ofDays(365));
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(builder.build(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException("interrupted while reading logs of " + name, e);
        }
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() / 100 != 2) {
                throw error(response.statusCode(), response.request(), String.join("\n", lines.lines().toList()));
            }
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    each.accept(Json.mapper().readValue(line, LogMessage.class));
                }
            }
        } catch (IOException e) {
            throw new GatewayException("reading logs of " + name + " failed: " + e.getMessage(), e);
        }
    }

    /** Checks credentials the way faas-cli login does: an authenticated list of functions. */
    public void checkCredentials() {
        send(system("/system/functions").GET());
    }

    /**
     * Calls a function synchronously and returns its answer whatever the status.
     *
     * @param name    function name, optionally with {@code .namespace}
     * @param method  HTTP method
     * @param path    what follows the name, e.g. {@code ""} or {@code "/sub?x=1"}
     * @param headers request headers
     * @param body    request body
     */
    public HttpResponse<byte[]> invoke(String name, String method, String path, Map<String, String> headers,
                                       byte[] body) {
        return invokeAt("/function/", name, method, path, headers, body);
    }

    /** Queues a call; the gateway answers 202 with {@code X-Call-Id}. */
    public HttpResponse<byte[]> invokeAsync(String name, String method, String path, Map<String, String> headers,
                                            byte[] body) {
        return invokeAt("/async-function/", name, method, path, headers, body);
    }

    private HttpResponse<byte[]> invokeAt(String route, String name, String method, String path,
                                          Map<String, String> headers, byte[] body) {
        var request = HttpRequest.newBuilder(URI.create(gateway + route + encode(name) + path))
                .header("User-Agent", userAgent)
                .method(method, body.length == 0 && method.equals("GET")
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return exchange(request.build());
    }

    /** The state of a queued call, from {@code GET /async-status/{id}}. */
    public CallStatus asyncStatus(String callId) {
        return read(send(system("/async-status/" + encode(callId)).GET()), new TypeReference<>() { });
    }

    /** The dead letters, oldest first; {@code function} may be null for all of them. */
    public List<DeadLetter> deadLetters(String function) {
        return read(send(system("/system/dead-letters" + functionQuery(function)).GET()), new TypeReference<>() { });
    }

    /** Queues dead letters again (all, or one function's) and removes them from the dead-letter stream. */
    public DeadLetterAction replayDeadLetters(String function) {
        return read(send(system("/system/dead-letters/replay" + functionQuery(function))
                .POST(HttpRequest.BodyPublishers.noBody())), new TypeReference<>() { });
    }

    /** Queues one dead letter again, by its sequence, and removes it from the dead-letter stream. */
    public DeadLetterAction replayDeadLetter(long sequence) {
        return read(send(system("/system/dead-letters/" + sequence + "/replay")
                .POST(HttpRequest.BodyPublishers.noBody())), new TypeReference<>() { });
    }

    /** Removes dead letters (all, or one function's) for good. */
    public DeadLetterAction purgeDeadLetters(String function) {
        return read(send(system("/system/dead-letters" + functionQuery(function)).DELETE()), new TypeReference<>() { });
    }

    /** Removes one dead letter for good, by its sequence. */
    public DeadLetterAction deleteDeadLetter(long sequence) {
        return read(send(system("/system/dead-letters/" + sequence).DELETE()), new TypeReference<>() { });
    }

    private static String functionQuery(String function) {
        return function == null || function.isBlank() ? "" : "?function=" + encode(function);
    }

    /** Lets the client's threads go at once, so that a short-lived program exits without waiting for them. */
    @Override
    public void close() {
        http.close();
    }

    private HttpRequest.Builder system(String path) {
        var builder = HttpRequest.newBuilder(URI.create(gateway + path))
                .timeout(SYSTEM_TIMEOUT)
                .header("User-Agent", userAgent)
                .header("Content-Type", "application/json");
        credentials.authorization().ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        return expectSuccess(sendRaw(request));
    }

    private HttpResponse<byte[]> sendRaw(HttpRequest.Builder request) {
        return exchange(request.build());
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new GatewayException("cannot connect to the gateway at " + gateway
                    + ": is it running? (bin/up starts it; -g or OPENFAAS_URL chooses another)", e);
        } catch (IOException e) {
            throw new GatewayException("call to " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException("interrupted while calling " + request.uri(), e);
        }
    }

    private GatewayException unreachable(HttpRequest request, IOException e) {
        if (e instanceof ConnectException) {
            return new GatewayException("cannot connect to the gateway at " + gateway
                    + ": is it running? (bin/up starts it; -g or OPENFAAS_URL chooses another)", e);
        }
        return new GatewayException("call to " + request.uri() + " failed: " + e, e);
    }

    private HttpResponse<byte[]> expectSuccess(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response;
        }
        throw error(status, response.request(), new String(response.body(), StandardCharsets.UTF_8));
    }

    private GatewayException error(int status, HttpRequest request, String body) {
        var text = body.strip();
        if (status == 401) {
            return new GatewayException(status, "unauthorized (401) from " + gateway
                    + ": log in with faas-cli login --password-stdin -g " + gateway);
        }
        return new GatewayException(status, request.method() + " " + request.uri().getPath() + " answered " + status
                + (text.isEmpty() ? "" : ": " + text));
    }

    private static <T> T read(HttpResponse<byte[]> response, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(response.body(), type);
        } catch (IOException e) {
            throw new GatewayException(response.statusCode(), "unreadable answer from "
                    + response.request().uri() + ": " + e.getMessage());
        }
    }

    private static String write(Object body) {
        try {
            return Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + body, e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
