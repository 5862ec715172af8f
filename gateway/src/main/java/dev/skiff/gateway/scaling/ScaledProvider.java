package dev.skiff.gateway.scaling;

import dev.skiff.api.FunctionDeployment;
import dev.skiff.api.FunctionStatus;
import dev.skiff.gateway.provider.FunctionProvider;
import dev.skiff.gateway.provider.LogRequest;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The provider as the API shows it with the autoscaler running: a function whose last replica is paused
 * has zero replicas, desired and available; a scale request goes through the autoscaler (which unpauses
 * first and lets the count stand a stable window); an update or removal unpauses a paused replica first.
 */
public final class ScaledProvider implements FunctionProvider {
    private final FunctionProvider provider;
    private final Autoscaler autoscaler;

    public ScaledProvider(FunctionProvider provider, Autoscaler autoscaler) {
        this.provider = provider;
        this.autoscaler = autoscaler;
    }

    @Override
    public void deploy(FunctionDeployment deployment) {
        provider.deploy(deployment);
    }

    @Override
    public void update(FunctionDeployment deployment) {
        autoscaler.beforeChange(deployment.service());
        provider.update(deployment);
    }

    @Override
    public void remove(String name) {
        autoscaler.beforeChange(name);
        provider.remove(name);
    }

    @Override
    public List<FunctionStatus> list() {
        return provider.list().stream().map(this::asScaled).toList();
    }

    @Override
    public FunctionStatus get(String name) {
        return asScaled(provider.get(name));
    }

    @Override
    public void scale(String name, long replicas) {
        autoscaler.scaleByUser(name, replicas);
    }

    @Override
    public List<InetSocketAddress> endpoints(String name) {
        return provider.endpoints(name);
    }

    @Override
    public void reportUnreachable(String name, InetSocketAddress replica) {
        provider.reportUnreachable(name, replica);
    }

    @Override
    public java.util.Map<String, String> annotations(String name) {
        return provider.annotations(name);
    }

    @Override
    public List<String> secretNames() {
        return provider.secretNames();
    }

    @Override
    public void createSecret(String name, byte[] value) {
        provider.createSecret(name, value);
    }

    @Override
    public void updateSecret(String name, byte[] value) {
        provider.updateSecret(name, value);
    }

    @Override
    public void removeSecret(String name) {
        provider.removeSecret(name);
    }

    @Override
    public void logs(LogRequest request, LogSink sink, Duration limit) {
        provider.logs(request, sink, limit);
    }

    private FunctionStatus asScaled(FunctionStatus status) {
        if (!autoscaler.frozen(status.name())) {
            return status;
        }
        return new FunctionStatus(status.name(), status.image(), status.namespace(), status.envProcess(),
                status.envVars(), status.constraints(), status.secrets(), status.labels(), status.annotations(),
                status.limits(), status.requests(), status.readOnlyRootFilesystem(), status.invocationCount(),
                0, 0, status.createdAt(), status.reason());
    }
}
