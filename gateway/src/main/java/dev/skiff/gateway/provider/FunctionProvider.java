package dev.skiff.gateway.provider;

import dev.skiff.api.FunctionDeployment;
import dev.skiff.api.FunctionStatus;
import java.util.List;

/**
 * Runs functions: deploys, updates, removes, lists, scales them, keeps their secrets, streams their logs,
 * and tells where their replicas answer. Consumers take the smallest piece they need: {@link Endpoints},
 * {@link SecretStore}, {@link LogSource}.
 */
public interface FunctionProvider extends Endpoints, SecretStore, LogSource {

    /** Creates a function; {@link InvalidDeploymentException} if it exists or the spec is wrong. */
    void deploy(FunctionDeployment deployment);

    /** Replaces a function's spec with a rolling update; {@link FunctionNotFoundException} if absent. */
    void update(FunctionDeployment deployment);

    /** Removes a function and its replicas; {@link FunctionNotFoundException} if absent. */
    void remove(String name);

    List<FunctionStatus> list();

    /** One function; {@link FunctionNotFoundException} if absent. */
    FunctionStatus get(String name);

    /** Sets the desired replica count (0 is valid); {@link FunctionNotFoundException} if absent. */
    void scale(String name, long replicas);
}
