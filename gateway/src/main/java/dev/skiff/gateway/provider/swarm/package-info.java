/**
 * The swarm provider: a function is a swarm service (docker-java), on the functions overlay network,
 * with {@code endpoint_mode: dnsrr} (this kernel has no IPVS, so no VIPs). Wire it with a Docker client
 * and the network name:
 *
 * <pre>{@code
 * var docker = SwarmProvider.connect();             // honours DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH
 * var provider = new SwarmProvider(docker, new SwarmSettings("func_functions", "openfaas-fn"));
 * provider.start();                                 // replica cache, kept current by Docker events
 * }</pre>
 */
package dev.skiff.gateway.provider.swarm;
