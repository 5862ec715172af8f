/**
 * A small typed client of the gateway API, on the JDK's {@code java.net.http} so that a command-line
 * tool using it starts fast. Wire it with the gateway's base URL and, for {@code /system/*}, credentials:
 *
 * <pre>{@code
 * var gateway = new GatewayClient(URI.create("http://127.0.0.1:8080"), Credentials.basic("admin", password));
 * gateway.deploy(FunctionDeployment.of("echo", "skiff/watchdog:0.1.0").withEnvProcess("cat"));
 * }</pre>
 */
package dev.skiff.api.client;
