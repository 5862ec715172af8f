package dev.skiff.gateway.provider.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.transport.DockerHttpClient;
import dev.skiff.api.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provider reaches an engine through {@code DOCKER_HOST=tcp://…} with TLS client certificates, as the
 * Docker CLI does: a second dockerd of its own (own data root, exec root, pid file and unix socket, no
 * iptables) listens on 127.0.0.1 with certificates this test makes with openssl.
 *
 * <p>Two traps of a second dockerd on a host whose engine is in use: {@code --bridge none} makes dockerd
 * delete the interface {@code docker0} (the host engine's bridge), so this one gets a bridge of its own
 * on a documentation subnet; and a swarm on it would share {@code docker_gwbridge} with the host's swarm,
 * so it stays a plain engine: the checks are info, lists and connection refusal, not deploys.
 */
class TlsDockerHostIT {
    private static final Duration DAEMON_START = Duration.ofSeconds(30);
    private static Path dir;
    private static Process dockerd;
    private static int port;
    private static Map<String, String> tlsEnv;
    private static String bridge;

    @BeforeAll
    static void startSecondDockerd() throws Exception {
        dir = Files.createTempDirectory("it-tls-dockerd");
        makeCertificates(dir);
        port = freePort();
        bridge = "itbr" + (ProcessHandle.current().pid() % 100000);
        run("ip", "link", "add", "name", bridge, "type", "bridge");
        run("ip", "addr", "add", "192.0.2.1/24", "dev", bridge);
        var command = List.of("dockerd",
                "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("docker.pid").toString(),
                "-H", "unix://" + dir.resolve("docker.sock"),
                "-H", "tcp://127.0.0.1:" + port,
                "--tlsverify",
                "--tlscacert", dir.resolve("ca.pem").toString(),
                "--tlscert", dir.resolve("server-cert.pem").toString(),
                "--tlskey", dir.resolve("server-key.pem").toString(),
                "--bridge", bridge, "--iptables=false", "--ip-masq=false");
        dockerd = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("dockerd.log").toFile())
                .start();
        tlsEnv = Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + port, "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", dir.toString());
        awaitDaemon();
    }

    @AfterAll
    static void stopSecondDockerd() throws Exception {
        if (dockerd != null) {
            dockerd.destroy(); // SIGTERM to this PID only: dockerd then stops its own containerd
            if (!dockerd.waitFor(30, TimeUnit.SECONDS)) {
                dockerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (bridge != null) {
            run("ip", "link", "delete", bridge);
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void callsGoToTheEngineThatDockerHostNamesOverTls() throws Exception {
        try (var connection = DockerConnection.fromEnvironment(tlsEnv)) {
            var info = connection.docker().infoCmd().exec();
            assertEquals(dir.resolve("data").toString(), info.getDockerRootDir(),
                    "the answer comes from the second dockerd, not the host's");
            assertEquals(List.of(), connection.docker().listContainersCmd().withShowAll(true).exec());
            assertTrue(connection.docker().listNetworksCmd().exec().stream().anyMatch(n -> n.getName().equals("bridge")));
            // The raw transport the provider uses for tasks and secrets goes the same way.
            var request = DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.GET).path("/info").build();
            try (var response = connection.http().execute(request)) {
                assertEquals(200, response.getStatusCode());
                var root = Json.mapper().readTree(response.getBody()).path("DockerRootDir").asText();
                assertEquals(dir.resolve("data").toString(), root);
            }
            // Not a swarm: the provider says so instead of failing obscurely.
            var provider = new SwarmProvider(connection, new SwarmSettings("it-absent", "openfaas-fn", Duration.ofSeconds(1)));
            var error = assertThrows(IllegalStateException.class, provider::start);
            assertTrue(error.getMessage().contains("it-absent"), error.getMessage());
        }
    }

    @Test
    void refusesAConnectionWithoutTheClientCertificate() {
        var plain = Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + port);
        assertThrows(RuntimeException.class, () -> {
            try (var connection = DockerConnection.fromEnvironment(plain)) {
                connection.docker().pingCmd().exec();
            }
        });
    }

    private static void awaitDaemon() throws InterruptedException {
        long deadline = System.nanoTime() + DAEMON_START.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!dockerd.isAlive()) {
                throw new IllegalStateException("the second dockerd exited; see " + dir.resolve("dockerd.log"));
            }
            try (var connection = DockerConnection.fromEnvironment(tlsEnv)) {
                connection.docker().pingCmd().exec();
                return;
            } catch (RuntimeException | IOException e) {
                last = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the second dockerd did not answer within " + DAEMON_START, last);
    }

    /** A CA, a server certificate for 127.0.0.1 and a client certificate, as Docker's TLS guide makes them. */
    private static void makeCertificates(Path dir) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem",
                "-days", "1", "-subj", "/CN=it-ca");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server-key.pem", "-out", "server.csr",
                "-subj", "/CN=127.0.0.1");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                "-out", "server-cert.pem", "-days", "1", "-extfile", "server.ext");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "client.csr",
                "-subj", "/CN=it-client");
        openssl("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                "-out", "cert.pem", "-days", "1", "-extfile", "client.ext");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0,
                String.join(" ", command) + " failed: " + output);
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add("openssl");
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0,
                "openssl " + String.join(" ", args) + " failed: " + output);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
