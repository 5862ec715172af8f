import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.Json;
import dev.skiff.api.client.Credentials;
import dev.skiff.api.client.GatewayClient;
import dev.skiff.cli.config.PlainHttpOnly;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;

/**
 * What `faas-cli list` costs without picocli, one part at a time: bench/templates/cli-parts runs each
 * mode in its own JVM (with its own AOT cache) beside `faas-cli list`. Not product code.
 *
 *   java ListProbe MODE GATEWAY_URL [BASIC_TOKEN]
 *   client        GatewayClient.listFunctions(): the JDK HttpClient + Json.mapper() into records
 *   urlconnection HttpURLConnection + Json.mapper() into records
 *   tree          HttpClient + a plain ObjectMapper's tree (no record binding, no JavaTime module)
 *   streaming     HttpClient + jackson-core's streaming parser only
 *   http          HttpClient, the body unread by any JSON code
 */
public final class ListProbe {
    public static void main(String[] args) throws Exception {
        var mode = args[0];
        var gateway = URI.create(args[1]);
        var auth = args.length > 2 ? "Basic " + args[2] : null;
        switch (mode) {
            case "client" -> {
                var credentials = args.length > 2 ? Credentials.basicToken(args[2]) : Credentials.none();
                try (var client = new GatewayClient(gateway, credentials, "probe", PlainHttpOnly.context())) {
                    print(client.listFunctions());
                }
            }
            case "urlconnection" -> {
                var connection = (HttpURLConnection) gateway.resolve("/system/functions").toURL().openConnection();
                if (auth != null) {
                    connection.setRequestProperty("Authorization", auth);
                }
                try (var in = connection.getInputStream()) {
                    print(Json.mapper().readValue(in, new TypeReference<List<FunctionStatus>>() { }));
                }
            }
            case "tree" -> {
                for (var f : new ObjectMapper().readTree(body(gateway, auth))) {
                    System.out.println(f.path("name").asText() + "\t" + f.path("replicas").asLong());
                }
            }
            case "streaming" -> {
                int fields = 0;
                try (var parser = new JsonFactory().createParser(body(gateway, auth))) {
                    while (parser.nextToken() != null) {
                        fields += parser.currentToken() == JsonToken.FIELD_NAME ? 1 : 0;
                    }
                }
                System.out.println(fields + " fields");
            }
            case "http" -> System.out.println(body(gateway, auth).length() + " characters");
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    private static String body(URI gateway, String auth) throws Exception {
        try (var http = HttpClient.newBuilder().sslContext(PlainHttpOnly.context()).build()) {
            var request = HttpRequest.newBuilder(gateway.resolve("/system/functions"));
            if (auth != null) {
                request.header("Authorization", auth);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private static void print(List<FunctionStatus> functions) {
        functions.forEach(f -> System.out.println(f.name() + "\t" + (long) f.invocationCount() + "\t" + f.replicas()));
    }
}
