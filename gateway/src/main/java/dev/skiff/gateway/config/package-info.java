/** The gateway's settings, read once from the environment in {@link dev.skiff.gateway.config.GatewayConfig}. */
package dev.skiff.gateway.config;
