package dev.skiff.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.api.client.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthConfigFileTest {
    private static final String LOCAL = "http://127.0.0.1:8080";
    private static final String REMOTE = "https://gw.example.com";

    @TempDir Path dir;

    private Path file() {
        return dir.resolve("nested/.openfaas/config.yml");
    }

    @Test
    void writesFaasCliFormatWithMode0600InA0700Directory() throws IOException {
        new AuthConfigFile(file()).save(AuthEntry.basic(LOCAL, "admin", "secret"));

        assertEquals("""
                auths:
                - gateway: http://127.0.0.1:8080
                  auth: basic
                  token: YWRtaW46c2VjcmV0
                """, Files.readString(file()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file().getParent())));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void replacesTheEntryOfTheSameGatewayAndKeepsOthers() throws IOException {
        var config = new AuthConfigFile(file());
        config.save(AuthEntry.basic(LOCAL, "admin", "old"));
        config.save(AuthEntry.basic(REMOTE, "ops", "remote"));
        config.save(AuthEntry.basic(LOCAL, "admin", "new"));

        assertEquals(List.of(AuthEntry.basic(LOCAL, "admin", "new"), AuthEntry.basic(REMOTE, "ops", "remote")),
                config.entries());
    }

    @Test
    void tightensTheModeOfAnExistingFile() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "auths: []\n");
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));

        new AuthConfigFile(file()).save(AuthEntry.basic(LOCAL, "admin", "secret"));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
    }

    @Test
    void keepsEntriesWrittenByOpenFaasFaasCli() throws IOException {
        Files.createDirectories(file().getParent());
        // yaml.v3 indents lists by four; newer faas-cli versions add options.
        Files.writeString(file(), """
                auths:
                    - gateway: https://gw.example.com
                      auth: oauth2
                      token: eyJhbGciOi
                      options:
                        - name: client_id
                          value: cli
                """);
        var config = new AuthConfigFile(file());

        config.save(AuthEntry.basic(LOCAL, "admin", "secret"));

        var remote = config.find(REMOTE).orElseThrow();
        assertEquals(List.of(new AuthEntry.Option("client_id", "cli")), remote.options());
        assertEquals(Credentials.bearer("eyJhbGciOi"), remote.credentials());
        assertTrue(Files.readString(file()).contains("name: client_id"));
    }

    @Test
    void removesOnlyTheEntryOfTheGateway() {
        var config = new AuthConfigFile(file());
        config.save(AuthEntry.basic(LOCAL, "admin", "secret"));
        config.save(AuthEntry.basic(REMOTE, "ops", "remote"));

        assertTrue(config.remove(LOCAL));
        assertFalse(config.remove(LOCAL));

        assertEquals(List.of(AuthEntry.basic(REMOTE, "ops", "remote")), config.entries());
    }

    @Test
    void findsByTheExactGatewayString() {
        var config = new AuthConfigFile(file());
        config.save(AuthEntry.basic(LOCAL, "admin", "secret"));

        assertEquals(Credentials.basic("admin", "secret"), config.find(LOCAL).orElseThrow().credentials());
        assertEquals(Optional.empty(), config.find(LOCAL + "/"));
        assertEquals(Optional.empty(), config.find("http://localhost:8080"));
    }

    @Test
    void aMissingFileHasNoEntries() {
        assertEquals(List.of(), new AuthConfigFile(file()).entries());
        assertFalse(new AuthConfigFile(file()).remove(LOCAL));
        assertFalse(Files.exists(file()));
    }

    private List<Path> leftovers() throws IOException {
        try (var files = Files.list(file().getParent())) {
            return files.filter(p -> !p.equals(file())).toList();
        }
    }
}
