/**
 * http mode: {@link dev.skiff.watchdog.upstream.UpstreamProcess} starts {@code fprocess} once,
 * restarts it when it dies and knows whether it answers; {@link dev.skiff.watchdog.upstream.HttpProxy}
 * reverse-proxies every call to {@code upstream_url} with Helidon's blocking WebClient over {@link
 * dev.skiff.watchdog.upstream.UpstreamConnections}, a keep-alive pool that drops idle connections
 * before the upstream would.
 *
 * <p>Wiring, as in Main:
 * <pre>
 * UpstreamProcess upstream = UpstreamProcess.start(config.command(), config.environment(), config.upstreamUrl(), log,
 *         config.logBufferSize());
 * FunctionRunner runner = new HttpProxy(config.upstreamUrl(), upstream, config.execTimeout(),
 *         config.writeTimeout(), bodyLimit, config.bufferHttp());
 * </pre>
 */
package dev.skiff.watchdog.upstream;
