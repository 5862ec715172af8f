package dev.skiff.function.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.function.Context;
import dev.skiff.function.Handler;
import dev.skiff.function.Request;
import dev.skiff.function.Response;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerLoaderTest {

    /** Reads the context given to the loader in its constructor. */
    public static final class Configured implements Handler {
        private final String mode = Context.current().env("MODE").orElse("?");

        @Override
        public Response handle(Request request) {
            return Response.ok(mode);
        }
    }

    @Test
    void findsTheClassInTheServiceFileAndPassesTheContext(@TempDir Path dir) throws Exception {
        var file = dir.resolve(HandlerLoader.SERVICE_FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# the function\n" + Configured.class.getName() + "\n");
        try (var loader = new URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            var handler = new HandlerLoader(loader).load(Optional.empty(), Context.of(Map.of("MODE", "x"), dir));
            assertEquals("x", handler.handle(Request.builder().build()).bodyAsString());
        }
    }

    @Test
    void saysWhatToSetWhenNoHandlerIsNamed(@TempDir Path dir) throws Exception {
        try (var loader = new URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, null)) {
            var e = assertThrows(IllegalStateException.class,
                    () -> new HandlerLoader(loader).load(Optional.empty(), Context.of(Map.of(), dir)));
            assertTrue(e.getMessage().contains("set handler_class"), e.getMessage());
        }
        var e = assertThrows(IllegalStateException.class, () -> new HandlerLoader(getClass().getClassLoader())
                .load(Optional.of("com.example.Missing"), Context.of(Map.of(), dir)));
        assertTrue(e.getMessage().contains("not on the class path"), e.getMessage());
    }
}
