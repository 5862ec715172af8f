/**
 * One picocli class per verb ({@code deploy}, {@code list}, {@code invoke}, {@code remove},
 * {@code login}, {@code logout}, {@code version}), the options they share, and
 * {@link dev.skiff.cli.command.GatewayConnector}, which opens the gateway client each command uses.
 * {@code dev.skiff.cli.Main} builds every command with what it needs.
 */
package dev.skiff.cli.command;
