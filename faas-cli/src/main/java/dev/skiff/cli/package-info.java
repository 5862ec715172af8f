/**
 * The {@code faas-cli} entry point ({@link dev.skiff.cli.Main}, which wires every command by hand),
 * the streams commands print to ({@link dev.skiff.cli.Streams}) and the one exception type whose
 * message is shown to the user as is ({@link dev.skiff.cli.CliException}).
 */
package dev.skiff.cli;
