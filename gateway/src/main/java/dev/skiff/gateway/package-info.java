/** The gateway's entry point: {@link dev.skiff.gateway.Main} wires config, provider, proxy and routes by hand. */
package dev.skiff.gateway;
