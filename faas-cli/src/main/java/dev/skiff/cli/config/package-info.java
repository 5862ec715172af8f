/**
 * Where the CLI connects and as whom: the environment it reads once ({@link dev.skiff.cli.config.CliEnvironment}),
 * the gateway URL rule ({@link dev.skiff.cli.config.GatewayUrl}) and faas-cli's credentials file
 * ({@link dev.skiff.cli.config.AuthConfigFile}).
 */
package dev.skiff.cli.config;
