package dev.skiff.gateway.api;

import dev.skiff.api.async.DeadLetterAction;
import dev.skiff.gateway.async.DeadLetters;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * Calls that failed every try, under {@code /system/dead-letters} (basic auth):
 *
 * <pre>
 * curl -u admin:$PW 127.0.0.1:8080/system/dead-letters?function=echo      # list, oldest first
 * curl -u admin:$PW -X POST 127.0.0.1:8080/system/dead-letters/replay     # queue them all again
 * curl -u admin:$PW -X POST 127.0.0.1:8080/system/dead-letters/7/replay   # queue one again
 * curl -u admin:$PW -X DELETE 127.0.0.1:8080/system/dead-letters?function=echo
 * curl -u admin:$PW -X DELETE 127.0.0.1:8080/system/dead-letters/7
 * </pre>
 */
public final class DeadLetterService implements HttpService {
    private final DeadLetters deadLetters;

    public DeadLetterService(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/replay", this::replayAll)
                .post("/{sequence}/replay", this::replay)
                .delete("/", this::purge)
                .delete("/{sequence}", this::delete);
    }

    private void list(ServerRequest request, ServerResponse response) {
        AsyncRoutes.json(response, deadLetters.list(function(request)));
    }

    private void replayAll(ServerRequest request, ServerResponse response) {
        AsyncRoutes.json(response, new DeadLetterAction(deadLetters.replayAll(function(request))));
    }

    private void replay(ServerRequest request, ServerResponse response) {
        AsyncRoutes.json(response, new DeadLetterAction(deadLetters.replay(sequence(request))));
    }

    private void purge(ServerRequest request, ServerResponse response) {
        AsyncRoutes.json(response, new DeadLetterAction(deadLetters.purge(function(request))));
    }

    private void delete(ServerRequest request, ServerResponse response) {
        AsyncRoutes.json(response, new DeadLetterAction(deadLetters.delete(sequence(request))));
    }

    private static Optional<String> function(ServerRequest request) {
        return request.query().first("function").asOptional().filter(f -> !f.isBlank())
                .map(f -> FunctionNames.parse(f).function());
    }

    private static long sequence(ServerRequest request) {
        var text = request.path().pathParameters().get("sequence");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BadRequestException("dead letter " + text + ": the id is the sequence number the list shows");
        }
    }
}
