package dev.skiff.cli.command;

import dev.skiff.api.client.Credentials;
import dev.skiff.cli.CliException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faas-cli invoke NAME}: sends standard input to {@code /function/NAME} (or
 * {@code /async-function/NAME}) and copies the answer to standard output. Any 2xx succeeds; otherwise
 * the status and body go to standard error and the exit code is 1.
 *
 * <p>faas-cli always appends {@code .openfaas-fn}; we call the bare name, which the gateway resolves to
 * its one namespace, and add {@code .NAMESPACE} only when {@code -n} is given.
 */
@Command(name = "invoke", description = "Invoke a function with standard input as the request body.",
        footer = {"", "Examples:", "  echo hello | faas-cli invoke echo",
                "  faas-cli invoke echo --method GET --query name=skiff -H X-Trace=1"})
public final class InvokeCommand implements Callable<Integer> {
    private static final String CONTENT_TYPE = "Content-Type";

    @Parameters(index = "0", paramLabel = "NAME", description = "Function to invoke")
    String name;

    @Option(names = "--async", description = "Queue the call (/async-function/); the gateway answers 202")
    boolean async;

    @Option(names = {"-H", "--header"}, paramLabel = "KEY=VALUE", description = "Add a request header")
    Map<String, String> headers = new LinkedHashMap<>();

    @Option(names = {"-m", "--method"}, paramLabel = "METHOD", defaultValue = "POST", description = "HTTP method (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--query", paramLabel = "KEY=VALUE", description = "Add a query parameter")
    Map<String, String> query = new LinkedHashMap<>();

    @Option(names = "--content-type", paramLabel = "TYPE", defaultValue = "text/plain",
            description = "Content-Type of the body (default: ${DEFAULT-VALUE})")
    String contentType;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "Namespace of the function (calls NAME.NAMESPACE)")
    String namespace;

    @Mixin StackFileOption stackFile;
    @Mixin GatewayOption gateway;

    private final CommandContext context;

    public InvokeCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var url = context.connector().gatewayUrl(gateway.url, stackFile.gateway(context.stacks(), context.workingDir()));
        // A terminal on stdin means nothing was piped in: send an empty body instead of waiting for Ctrl-D.
        var body = context.streams().stdinIsTerminal() ? new byte[0] : context.streams().readAllInput();
        var target = namespace == null || namespace.isBlank() ? name : name + "." + namespace;
        // Function routes are open (only /system/* needs auth) and GatewayClient sends no credentials
        // on them, so skip reading config.yml: it saves loading the YAML parser on the hot path.
        var client = context.connector().connect(url, Credentials.none(), gateway.tlsNoVerify);
        HttpResponse<byte[]> response;
        try {
            response = async
                    ? client.invokeAsync(target, method, queryString(), requestHeaders(), body)
                    : client.invoke(target, method, queryString(), requestHeaders(), body);
        } catch (IllegalArgumentException e) {
            throw new CliException("cannot send this request: " + e.getMessage()
                    + " (check --method and the -H header names)", e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            report(target, url, response);
            return 1;
        }
        if (async) {
            context.streams().err().println("Function submitted asynchronously"
                    + response.headers().firstValue("X-Call-Id").map(id -> " (X-Call-Id: " + id + ").").orElse("."));
        }
        context.streams().out().write(response.body(), 0, response.body().length);
        context.streams().out().flush();
        return 0;
    }

    private Map<String, String> requestHeaders() {
        var all = new LinkedHashMap<String, String>();
        if (headers.keySet().stream().noneMatch(CONTENT_TYPE::equalsIgnoreCase)) {
            all.put(CONTENT_TYPE, contentType);
        }
        all.putAll(headers);
        return all;
    }

    private String queryString() {
        if (query.isEmpty()) {
            return "";
        }
        return query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    private void report(String target, String url, HttpResponse<byte[]> response) {
        var text = new String(response.body(), StandardCharsets.UTF_8).strip();
        var err = context.streams().err();
        err.println("Server returned unexpected status code: " + response.statusCode()
                + (text.isEmpty() ? "" : " - " + text));
        if (response.statusCode() == 404) {
            err.println("Function " + target + " was not found on " + url + "; run faas-cli list to see what is deployed.");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
