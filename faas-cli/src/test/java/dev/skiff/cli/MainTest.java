package dev.skiff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.cli.config.AuthConfigFile;
import dev.skiff.cli.config.AuthEntry;
import dev.skiff.cli.config.CliEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI run in-process, for behaviour that needs no gateway. */
class MainTest {
    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        var environment = CliEnvironment.from(Map.of("OPENFAAS_CONFIG", dir.resolve("config").toString()), dir, dir);
        var streams = new Streams(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        return Main.run(args, environment, streams);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCommandIsFoundByItsAliasWhenOnlyItIsBuilt() {
        assertEquals(1, run("", "ls", "-g", "http://127.0.0.1:1"));
        assertTrue(err().contains("cannot connect to the gateway at http://127.0.0.1:1"), err());
        assertEquals(0, run("", "secret"));
        for (var sub : new String[] {"create", "list", "update", "remove"}) {
            assertTrue(out().contains(sub), sub + " missing from\n" + out());
        }
    }

    @Test
    void helpListsEveryCommand() {
        assertEquals(0, run("", "--help"));
        for (var command : new String[] {"deploy", "list", "invoke", "remove", "login", "logout", "version", "new", "build",
                "push", "up", "describe", "logs", "secret", "template"}) {
            assertTrue(out().contains(command), command + " missing from\n" + out());
        }
    }

    @Test
    void printsTheVersionFromTheBuild() {
        assertEquals(0, run("", "--version"));
        assertEquals("faas-cli 0.1.0", out().strip());
        out.reset();
        assertEquals(0, run("", "version", "--short-version"));
        assertEquals("0.1.0", out().strip());
    }

    @Test
    void deployWithoutAStackFileSaysWhereItLooked() {
        assertEquals(1, run("", "deploy"));
        assertTrue(err().contains("no stack file: give one with -f FILE"), err());
        assertTrue(err().contains(dir.toString()), err());
    }

    @Test
    void deployOfABrokenStackNamesTheFileAndLine() throws IOException {
        Files.writeString(dir.resolve("fns.yml"), "functions:\n  fn:\n    image: [x]\n");
        assertEquals(1, run("", "deploy", "-f", "fns.yml"));
        assertTrue(err().contains("fns.yml line 3: functions.fn.image must be a single value"), err());
    }

    @Test
    void removeNeedsANameOrAStack() {
        assertEquals(1, run("", "remove"));
        assertTrue(err().contains("give one with -f FILE"), err());
    }

    @Test
    void invokeNeedsAName() {
        assertEquals(2, run("", "invoke"));
        assertTrue(err().contains("Missing required parameter: 'NAME'"), err());
    }

    @Test
    void loginRefusesBothPasswordOptions() {
        assertEquals(1, run("secret", "login", "--password", "x", "--password-stdin"));
        assertTrue(err().contains("mutually exclusive"), err());
    }

    @Test
    void loginRefusesAnEmptyPasswordFromStdin() {
        assertEquals(1, run("  \n", "login", "--password-stdin"));
        assertTrue(err().contains("the password is empty"), err());
    }

    @Test
    void logoutRemovesTheEntryOfTheResolvedGateway() {
        var config = new AuthConfigFile(dir.resolve("config/config.yml"));
        config.save(AuthEntry.basic("http://gw.example:8080", "admin", "secret"));
        config.save(AuthEntry.basic("http://127.0.0.1:8080", "admin", "other"));

        assertEquals(0, run("", "logout", "-g", "GW.example:8080/"));

        assertEquals("credentials removed for http://gw.example:8080", out().strip());
        assertEquals(1, config.entries().size());
        assertFalse(config.find("http://gw.example:8080").isPresent());
    }

    @Test
    void logoutOfAnUnknownGatewayFails() {
        assertEquals(1, run("", "logout", "-g", "http://nowhere:8080"));
        assertTrue(err().contains("no credentials saved for http://nowhere:8080"), err());
    }
}
