package dev.skiff.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The standard streams a command may use. Commands never touch {@code System.in/out/err}, so tests
 * run the CLI in-process and capture what it prints.
 *
 * @param in              the body for {@code invoke}, the password for {@code login --password-stdin}
 * @param out             results, as bytes: {@code invoke} copies a function's answer here unchanged
 * @param err             progress, warnings and errors
 * @param stdinIsTerminal true when {@code in} is a terminal: {@code invoke} then sends an empty body
 *                        instead of waiting for Ctrl-D
 */
public record Streams(InputStream in, PrintStream out, PrintStream err, boolean stdinIsTerminal) {

    /** The process's own streams. */
    public static Streams system() {
        return new Streams(System.in, System.out, System.err, isTerminal());
    }

    public byte[] readAllInput() {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CliException("cannot read standard input: " + e.getMessage(), e);
        }
    }

    // System.console() answers for stdin and stdout together (and, on JDK 22-24, is non-null even
    // when both are redirected), so on Linux ask the kernel what fd 0 is.
    private static boolean isTerminal() {
        try {
            var target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }
}
