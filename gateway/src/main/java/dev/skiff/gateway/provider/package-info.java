/**
 * The seam between the gateway and whatever runs functions. {@link dev.skiff.gateway.provider.FunctionProvider}
 * is the whole contract; consumers take the smallest piece they need (the proxy takes only
 * {@link dev.skiff.gateway.provider.Endpoints}). Wire one provider in {@code Main}:
 *
 * <pre>{@code
 * FunctionProvider provider = new SwarmProvider(docker, swarmSettings);
 * Proxy proxy = new Proxy(provider::endpoints, ...);
 * }</pre>
 *
 * Providers throw the exceptions of this package; the api layer maps them to HTTP statuses once.
 */
package dev.skiff.gateway.provider;
