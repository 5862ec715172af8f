package dev.skiff.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.api.FunctionDeployment;
import dev.skiff.api.client.Credentials;
import dev.skiff.api.client.GatewayClient;
import dev.skiff.api.client.GatewayException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the gateway answers to wrong requests: a clear status and message, and nothing created. */
class BadInputIT {
    private static TestPlatform platform;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void connect() throws Exception {
        platform = TestPlatform.fromEnvironment();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        platform.close();
    }

    @Test
    void rejectsANameThatIsNotADnsLabelAndCreatesNothing() throws Exception {
        var response = system("POST", "/system/functions", "{\"service\":\"Bad_Name\",\"image\":\"x\"}");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("must be a valid DNS entry"), response.body());
        assertFalse(platform.serviceExists("Bad_Name"));
    }

    @Test
    void rejectsMalformedJsonSayingWhere() throws Exception {
        var response = system("POST", "/system/functions", "{\"service\": \"it-broken\", ");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("malformed JSON"), response.body());
        assertFalse(platform.serviceExists("it-broken"));
    }

    @Test
    void rejectsADeploymentWithoutImage() throws Exception {
        var response = system("POST", "/system/functions", "{\"service\":\"it-noimage\"}");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("image is required"), response.body());
        assertFalse(platform.serviceExists("it-noimage"));
    }

    @Test
    void callingAnUnknownFunctionIs404NamingIt() {
        var response = platform.anonymous.invoke("it-nobody-here", "POST", "", Map.of(), new byte[0]);
        assertEquals(404, response.statusCode());
        assertTrue(new String(response.body(), StandardCharsets.UTF_8).contains("it-nobody-here"));
    }

    @Test
    void deletingAnUnknownFunctionIs404NamingIt() {
        var error = assertThrows(GatewayException.class, () -> platform.admin.remove("it-nobody-here"));
        assertEquals(404, error.status());
        assertTrue(error.getMessage().contains("it-nobody-here"), error.getMessage());
    }

    @Test
    void anImageThatDoesNotExistShowsZeroReplicasWithTheReasonAndCallsFailFast() {
        var name = platform.newFunctionName("ghost");
        platform.admin.create(FunctionDeployment.of(name, "skiff/it-no-such-image:0"));
        var status = platform.awaitStatus(name, s -> s.reason() != null, Duration.ofSeconds(30));
        assertEquals(0, status.availableReplicas());
        assertTrue(status.reason().contains("No such image") || status.reason().contains("no such image")
                || status.reason().contains("pull"), status.reason());

        long started = System.nanoTime();
        var response = platform.anonymous.invoke(name, "POST", "", Map.of(), new byte[0]);
        assertTrue(response.statusCode() >= 500, "status " + response.statusCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 5, "the call did not hang");
    }

    @Test
    void systemRoutesNeedTheRightCredentials() throws Exception {
        assertEquals(401, system("GET", "/system/functions", null, null).statusCode());
        var wrong = "Basic " + Base64.getEncoder().encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8));
        var response = system("GET", "/system/functions", null, wrong);
        assertEquals(401, response.statusCode());
        assertEquals("Basic realm=\"Restricted\"", response.headers().firstValue("WWW-Authenticate").orElse(""));
        var error = assertThrows(GatewayException.class,
                () -> new GatewayClient(platform.gateway, Credentials.basic("admin", "nope")).listFunctions());
        assertEquals(401, error.status());
    }

    private static HttpResponse<String> system(String method, String path, String body) throws Exception {
        var auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + platform.password)
                .getBytes(StandardCharsets.UTF_8));
        return system(method, path, body, auth);
    }

    private static HttpResponse<String> system(String method, String path, String body, String authorization)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(platform.gateway + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
