package dev.skiff.watchdog.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker CLI, run and waited for; for the image tests, which need nothing Testcontainers adds. */
final class Docker {

    private Docker() {
    }

    /** Runs {@code docker args...} and returns its stdout, stripped; throws with its output if it fails. */
    static String run(String... args) {
        Result result = tryRun(args);
        if (result.code() != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " failed (" + result.code() + "): "
                    + result.output());
        }
        return result.output().strip();
    }

    /** Runs {@code docker args...} and returns its exit code and combined output. */
    static Result tryRun(String... args) {
        return tryRunWithInput("", args);
    }

    /** Runs {@code docker args...} with {@code input} on its stdin (a Dockerfile for {@code build -}). */
    static Result tryRunWithInput(String input, String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("docker " + String.join(" ", args) + " took over 120 s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Result(int code, String output) {
    }
}
