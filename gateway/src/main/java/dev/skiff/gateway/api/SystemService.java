package dev.skiff.gateway.api;

import dev.skiff.api.GatewayInfo;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * What the gateway is, under {@code /system}:
 *
 * <pre>
 * curl -u admin:$PW 127.0.0.1:8080/system/info
 * curl -u admin:$PW 127.0.0.1:8080/system/namespaces
 * </pre>
 */
public final class SystemService implements HttpService {
    private final GatewayInfo info;
    private final String namespace;

    public SystemService(GatewayInfo info, String namespace) {
        this.info = info;
        this.namespace = namespace;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/info", this::info)
                .get("/namespaces", this::namespaces);
    }

    private void info(ServerRequest request, ServerResponse response) {
        JsonBodies.write(response, info);
    }

    private void namespaces(ServerRequest request, ServerResponse response) {
        JsonBodies.write(response, List.of(namespace));
    }
}
