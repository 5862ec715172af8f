package dev.skiff.cli.image;

import dev.skiff.cli.CliException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a program on the host (docker, mvn, the base-image script), handing each line it prints (stdout
 * and stderr merged) to a consumer, and keeping the last lines for the error message.
 */
public final class HostCommand {
    private static final int KEPT_LINES = 15;

    private HostCommand() {
    }

    /** The program's exit code and its last lines of output. */
    public record Result(int exitCode, List<String> lastLines) {
        public boolean ok() {
            return exitCode == 0;
        }

        public String tail() {
            return String.join("\n", lastLines);
        }
    }

    /**
     * @param command the program and its arguments
     * @param dir     working directory
     * @param env     variables added to this process's environment
     * @param lines   gets each output line as it comes
     */
    public static Result run(List<String> command, Path dir, Map<String, String> env, Consumer<String> lines) {
        var builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CliException("cannot run " + command.getFirst() + ": " + e.getMessage() + "; is it installed and on PATH?", e);
        }
        var last = new ArrayList<String>();
        try (var in = process.getOutputStream();
             var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.accept(line);
                last.add(line);
                if (last.size() > KEPT_LINES) {
                    last.removeFirst();
                }
            }
            return new Result(process.waitFor(), List.copyOf(last));
        } catch (IOException e) {
            throw new CliException("reading the output of " + command.getFirst() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while running " + command.getFirst(), e);
        }
    }
}
