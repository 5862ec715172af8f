package dev.skiff.watchdog.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WatchdogConfigTest {

    private static final String PATH = System.getenv("PATH");

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("fprocess", "cat", "PATH", PATH));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @ParameterizedTest(name = "\"{0}\" is {1} ms")
    @CsvSource({
        "30, 30000",
        "0, 0",
        "30s, 30000",
        "1m30s, 90000",
        "500ms, 500",
        "1.5s, 1500",
        "2h, 7200000",
        "1h1m1s, 3661000",
        "' 45s ', 45000",
        "1500us, 1",
    })
    void parsesBareSecondsAndGoDurations(String text, long millis) {
        assertEquals(Optional.of(Duration.ofMillis(millis)), GoDuration.parse(text).map(d -> Duration.ofMillis(d.toMillis())));
    }

    @ParameterizedTest(name = "\"{0}\" is not a duration")
    @CsvSource({"abc", "-5s", "5x", "1.5", "s", "''", "1m30"})
    void rejectsTextThatIsNotADuration(String text) {
        assertEquals(Optional.empty(), GoDuration.parse(text));
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({"500, 500ms", "30000, 30s", "90000, 1m30s", "1500, 1.5s", "3600000, 1h0m0s"})
    void printsDurationsAsGoDoes(long millis, String text) {
        assertEquals(text, GoDuration.format(Duration.ofMillis(millis)));
    }

    @Test
    void defaultsMatchOfWatchdog() {
        WatchdogConfig config = WatchdogConfig.fromEnv(env());
        assertEquals(Mode.STREAMING, config.mode());
        assertEquals(8080, config.port());
        assertEquals(8081, config.metricsPort());
        assertNull(config.staticPath(), "only static mode has one");
        assertEquals(Duration.ofSeconds(30), config.readTimeout());
        assertEquals(Duration.ofSeconds(30), config.writeTimeout());
        assertEquals(Duration.ofSeconds(30), config.execTimeout());
        assertEquals(Duration.ofSeconds(30), config.healthcheckInterval());
        assertEquals(0, config.maxInflight());
        assertEquals("application/octet-stream", config.contentType());
        assertTrue(config.prefixLogs());
        assertEquals(false, config.suppressLock());
        assertNull(config.upstreamUrl());
        assertTrue(config.command().program().endsWith("/cat"), config.command().program());
    }

    @Test
    void readsEveryVariable() {
        WatchdogConfig config = WatchdogConfig.fromEnv(env(
                "fprocess", "sh -c  true", "mode", "http", "upstream_url", "http://127.0.0.1:3000",
                "port", "9090", "metrics_port", "9091", "read_timeout", "5s", "write_timeout", "1m", "exec_timeout", "0",
                "max_inflight", "7", "content_type", "text/plain", "prefix_logs", "false", "suppress_lock", "true"));
        assertEquals(Mode.HTTP, config.mode());
        assertEquals(List.of("-c", "true"), config.command().argv().subList(1, 3));
        assertEquals(URI.create("http://127.0.0.1:3000"), config.upstreamUrl());
        assertEquals(9090, config.port());
        assertEquals(9091, config.metricsPort());
        assertEquals(Duration.ofSeconds(5), config.readTimeout());
        assertEquals(Duration.ofMinutes(1), config.writeTimeout());
        assertEquals(Duration.ZERO, config.execTimeout());
        assertEquals(Duration.ofMinutes(1), config.healthcheckInterval(), "defaults to write_timeout");
        assertEquals(7, config.maxInflight());
        assertEquals("text/plain", config.contentType());
        assertEquals(false, config.prefixLogs());
        assertTrue(config.suppressLock());
    }

    @Test
    void acceptsTheOlderAliasesButPrefersTheCurrentNames() {
        Map<String, String> env = new HashMap<>(Map.of("PATH", PATH, "function_process", "env",
                "mode", "http", "http_upstream_url", "http://localhost:1"));
        assertTrue(WatchdogConfig.fromEnv(env).command().program().endsWith("/env"));
        assertEquals(1, WatchdogConfig.fromEnv(env).upstreamUrl().getPort());
        env.put("fprocess", "cat");
        env.put("upstream_url", "http://localhost:2");
        assertTrue(WatchdogConfig.fromEnv(env).command().program().endsWith("/cat"));
        assertEquals(2, WatchdogConfig.fromEnv(env).upstreamUrl().getPort());
    }

    @ParameterizedTest(name = "{0}={1} fails naming {2}")
    @CsvSource({
        "read_timeout, abc, read_timeout, Go duration",
        "write_timeout, 0, write_timeout, more than 0",
        "exec_timeout, 10x, exec_timeout, Go duration",
        "healthcheck_interval, soon, healthcheck_interval, Go duration",
        "max_inflight, ten, max_inflight, whole number",
        "max_inflight, -1, max_inflight, whole number",
        "port, http, port, whole number",
        "port, 70000, port, TCP port",
        "metrics_port, 70000, metrics_port, TCP port",
        "metrics_port, -1, metrics_port, whole number",
        "mode, turbo, mode, unknown mode",
        "max_request_bytes, lots, max_request_bytes, not a size",
        "max_request_bytes, -1, max_request_bytes, not a size",
        "log_buffer_size, 0, log_buffer_size, not a size",
        "log_buffer_size, big, log_buffer_size, whole number",
        "buffer_http, maybe, buffer_http, true or false",
        "http_buffer_req_body, maybe, http_buffer_req_body, true or false",
        "log_callid, yes, log_callid, true or false",
        "ready_path, /ready, ready_path, only http and inproc",
        "jwt_auth, true, jwt_auth, not supported",
        "fprocess, no-such-program-here, fprocess, not found on PATH",
        "fprocess, /no/such/file, fprocess, not an executable file",
        "prefix_logs, yes, prefix_logs, true or false",
    })
    void stopsOnABadValueNamingTheVariable(String variable, String value, String named, String hint) {
        ConfigException e = assertThrows(ConfigException.class, () -> WatchdogConfig.fromEnv(env(variable, value)));
        assertTrue(e.getMessage().startsWith(named + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(hint), e.getMessage());
    }

    @ParameterizedTest(name = "max_request_bytes={0} is {1} bytes")
    @CsvSource({"1048576, 1048576", "512k, 524288", "16M, 16777216", "16MiB, 16777216", "1g, 1073741824", "0, 0"})
    void readsRequestBodyLimitsWithUnits(String text, long bytes) {
        assertEquals(bytes, WatchdogConfig.fromEnv(env("max_request_bytes", text)).maxRequestBytes());
    }

    @Test
    void defaultsTheNewerSettings() {
        WatchdogConfig config = WatchdogConfig.fromEnv(env());
        assertEquals(16L * 1024 * 1024, config.maxRequestBytes());
        assertEquals(65536, config.logBufferSize());
        assertEquals(false, config.bufferHttp());
        assertEquals(false, config.logCallId());
        assertNull(config.readyPath());
        assertNull(config.functionPath(), "only inproc mode has one");
        assertEquals(-1, WatchdogConfig.fromEnv(env("log_buffer_size", "-1")).logBufferSize());
        assertTrue(WatchdogConfig.fromEnv(env("http_buffer_req_body", "true")).bufferHttp(), "the older alias");
    }

    @Test
    void inprocModeReadsFunctionPathAndHandlerClassAndNeedsNoFprocess(@TempDir Path folder) {
        WatchdogConfig config = WatchdogConfig.fromEnv(Map.of("mode", "inproc", "function_path", folder.toString(),
                "handler_class", "com.example.Greeter", "ready_path", "/ready"));
        assertEquals(Mode.INPROC, config.mode());
        assertNull(config.command());
        assertEquals(folder.toAbsolutePath().normalize(), config.functionPath());
        assertEquals("com.example.Greeter", config.handlerClass());
        assertEquals("/ready", config.readyPath());
        ConfigException badClass = assertThrows(ConfigException.class, () -> WatchdogConfig.fromEnv(Map.of(
                "mode", "inproc", "function_path", folder.toString(), "handler_class", "not a class")));
        assertTrue(badClass.getMessage().startsWith("handler_class: "), badClass.getMessage());
        ConfigException noFolder = assertThrows(ConfigException.class, () -> WatchdogConfig.fromEnv(Map.of(
                "mode", "inproc", "function_path", folder.resolve("missing").toString())));
        assertTrue(noFolder.getMessage().startsWith("function_path: "), noFolder.getMessage());
    }

    @Test
    void requiresFprocess() {
        ConfigException e = assertThrows(ConfigException.class, () -> WatchdogConfig.fromEnv(Map.of("PATH", PATH)));
        assertTrue(e.getMessage().startsWith("fprocess: is not set"), e.getMessage());
    }

    @Test
    void staticModeNeedsNoFprocessAndReadsStaticPath(@TempDir Path folder) {
        WatchdogConfig config = WatchdogConfig.fromEnv(Map.of("mode", "static", "static_path", folder.toString()));
        assertEquals(Mode.STATIC, config.mode());
        assertNull(config.command());
        assertEquals(folder.toAbsolutePath().normalize(), config.staticPath());
    }

    @Test
    void staticModeStopsWhenStaticPathIsNotAFolder(@TempDir Path folder) throws Exception {
        Path file = Files.writeString(folder.resolve("file.txt"), "x");
        for (String path : List.of(folder.resolve("missing").toString(), file.toString())) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> WatchdogConfig.fromEnv(Map.of("mode", "static", "static_path", path)));
            assertTrue(e.getMessage().startsWith("static_path: \"" + path + "\" is not a folder"), e.getMessage());
        }
        if (!Files.isDirectory(Path.of(WatchdogConfig.DEFAULT_STATIC_PATH))) { // not inside a function image
            ConfigException byDefault = assertThrows(ConfigException.class,
                    () -> WatchdogConfig.fromEnv(Map.of("mode", "static")));
            assertTrue(byDefault.getMessage().contains("\"/home/app/public\""), byDefault.getMessage());
        }
    }

    @Test
    void requiresAnHttpUpstreamUrlInHttpMode() {
        ConfigException missing = assertThrows(ConfigException.class, () -> WatchdogConfig.fromEnv(env("mode", "http")));
        assertTrue(missing.getMessage().startsWith("upstream_url: is not set"), missing.getMessage());
        ConfigException bad = assertThrows(ConfigException.class,
                () -> WatchdogConfig.fromEnv(env("mode", "http", "upstream_url", "localhost:3000")));
        assertTrue(bad.getMessage().startsWith("upstream_url: "), bad.getMessage());
    }
}
