package dev.skiff.watchdog.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the watchdog reads from its environment, read once at start-up (of-watchdog
 * config/config.go). Main passes {@code System.getenv()}; tests pass {@code Map.of(...)}.
 *
 * @param mode                how requests run the function
 * @param command             {@code fprocess}: the function's command line; null in static mode
 * @param upstreamUrl         {@code upstream_url}: where http mode proxies to; null in the fork modes
 * @param port                {@code port}: where the watchdog listens (0 picks a free port)
 * @param metricsPort         {@code metrics_port}: where {@code /metrics} is served (0 picks a free port)
 * @param staticPath          {@code static_path}: the folder static mode serves; null in other modes
 * @param readTimeout         {@code read_timeout}: longest wait for the next bytes of a request
 * @param writeTimeout        {@code write_timeout}: how long in-flight requests may drain on SIGTERM
 * @param execTimeout         {@code exec_timeout}: longest run of one call; {@link Duration#ZERO} = no limit
 * @param healthcheckInterval {@code healthcheck_interval}: after SIGTERM, how long to keep serving with
 *                            health at 503 before the port closes, so health-checking callers move on
 * @param maxInflight         {@code max_inflight}: concurrent calls allowed; 0 = no limit
 * @param contentType         {@code content_type}: Content-Type of fork-mode responses
 * @param prefixLogs          {@code prefix_logs}: prefix function output lines with time and stream
 * @param suppressLock        {@code suppress_lock}: do not write the lock file
 * @param maxRequestBytes     {@code max_request_bytes}: the largest request body accepted (413 above); 0 = no limit
 * @param logBufferSize       {@code log_buffer_size}: the longest output line logged whole; -1 = pass output on as read
 * @param bufferHttp          {@code buffer_http}: http mode reads the whole body before sending it upstream
 * @param readyPath           {@code ready_path}: http and inproc modes ask the function itself for readiness
 *                            at this path; null when unset
 * @param logCallId           {@code log_callid}: per-call log lines carry the call's X-Call-Id
 * @param functionPath        {@code function_path}: inproc mode loads every jar under it; null in other modes
 * @param handlerClass        {@code handler_class}: inproc mode's handler, by class name; null to find it with
 *                            ServiceLoader (and in other modes)
 * @param environment         the whole environment, which forked processes inherit
 */
public record WatchdogConfig(
        Mode mode,
        Command command,
        URI upstreamUrl,
        int port,
        int metricsPort,
        Path staticPath,
        Duration readTimeout,
        Duration writeTimeout,
        Duration execTimeout,
        Duration healthcheckInterval,
        int maxInflight,
        String contentType,
        boolean prefixLogs,
        boolean suppressLock,
        long maxRequestBytes,
        int logBufferSize,
        boolean bufferHttp,
        String readyPath,
        boolean logCallId,
        Path functionPath,
        String handlerClass,
        Map<String, String> environment) {

    public static final Mode DEFAULT_MODE = Mode.STREAMING;
    public static final int DEFAULT_PORT = 8080;
    /** OpenFaaS scrapes 8081; {@code metrics_port} exists so tests can run several watchdogs at once. */
    public static final int DEFAULT_METRICS_PORT = 8081;
    public static final String DEFAULT_STATIC_PATH = "/home/app/public";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_INFLIGHT = 0;
    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    public static final boolean DEFAULT_PREFIX_LOGS = true;
    public static final boolean DEFAULT_SUPPRESS_LOCK = false;
    /**
     * 16 MiB: far above a typical call, and small enough that serializing and inproc modes, which hold
     * the body in memory, fit the watchdog's small heap. Raise it together with the heap (JAVA_OPTS).
     */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 16L * 1024 * 1024;
    /** of-watchdog's default: the longest line kept whole in the log. */
    public static final int DEFAULT_LOG_BUFFER_SIZE = 64 * 1024;
    public static final String DEFAULT_FUNCTION_PATH = "/home/app/function";
    /** Used to look up fprocess when the environment has no PATH (as in a bare {@code Map.of}). */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final String DURATION_HINT = "use seconds (30) or a Go duration (30s, 1m30s, 500ms)";

    public WatchdogConfig {
        environment = Map.copyOf(environment);
    }

    /** Reads and checks every setting; throws {@link ConfigException} naming the first bad one. */
    public static WatchdogConfig fromEnv(Map<String, String> env) {
        Mode mode = has(env, "mode") ? Mode.parse("mode", env.get("mode")) : DEFAULT_MODE;
        Duration writeTimeout = positiveDuration(env, "write_timeout");
        rejectUnsupported(env);
        return new WatchdogConfig(
                mode,
                mode.forks() ? command(env) : null,
                mode == Mode.HTTP ? upstreamUrl(env) : null,
                port(env, "port", DEFAULT_PORT),
                port(env, "metrics_port", DEFAULT_METRICS_PORT),
                mode == Mode.STATIC ? folder(env, "static_path", DEFAULT_STATIC_PATH) : null,
                positiveDuration(env, "read_timeout"),
                writeTimeout,
                duration(env, "exec_timeout", DEFAULT_TIMEOUT),
                duration(env, "healthcheck_interval", writeTimeout),
                maxInflight(env),
                has(env, "content_type") ? env.get("content_type").strip() : DEFAULT_CONTENT_TYPE,
                bool(env, "prefix_logs", DEFAULT_PREFIX_LOGS),
                bool(env, "suppress_lock", DEFAULT_SUPPRESS_LOCK),
                ByteSize.parse(env, "max_request_bytes", DEFAULT_MAX_REQUEST_BYTES),
                logBufferSize(env),
                bool(env, "buffer_http", bool(env, "http_buffer_req_body", false)),
                readyPath(env, mode),
                bool(env, "log_callid", false),
                mode == Mode.INPROC ? folder(env, "function_path", DEFAULT_FUNCTION_PATH) : null,
                mode == Mode.INPROC ? handlerClass(env) : null,
                env);
    }

    /** OpenFaaS settings this watchdog does not implement: refuse them rather than ignore them. */
    private static void rejectUnsupported(Map<String, String> env) {
        for (String variable : new String[] {"jwt_auth", "jwt_auth_local"}) {
            if (bool(env, variable, false)) {
                throw new ConfigException(variable, "is not supported; the Skiff gateway authenticates callers,"
                        + " so remove it or set it to false");
            }
        }
    }

    private static int logBufferSize(Map<String, String> env) {
        if (has(env, "log_buffer_size") && env.get("log_buffer_size").strip().equals("-1")) {
            return -1;
        }
        int size = integer(env, "log_buffer_size", DEFAULT_LOG_BUFFER_SIZE);
        if (size == 0) {
            throw new ConfigException("log_buffer_size", "0 is not a size; use a number of bytes such as 65536,"
                    + " or -1 to pass output on as it is read");
        }
        return size;
    }

    private static String readyPath(Map<String, String> env, Mode mode) {
        if (!has(env, "ready_path")) {
            return null;
        }
        String value = env.get("ready_path").strip();
        if (mode != Mode.HTTP && mode != Mode.INPROC) {
            throw new ConfigException("ready_path", "only http and inproc modes ask the function for readiness;"
                    + " unset it in " + mode.text() + " mode");
        }
        if (!value.startsWith("/")) {
            throw new ConfigException("ready_path", "\"" + value + "\" is not a path; use one starting with /,"
                    + " for example ready_path=/ready");
        }
        return value;
    }

    private static String handlerClass(Map<String, String> env) {
        if (!has(env, "handler_class")) {
            return null;
        }
        String value = env.get("handler_class").strip();
        if (!value.matches("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.$]*")) {
            throw new ConfigException("handler_class", "\"" + value + "\" is not a Java class name;"
                    + " use the binary name, for example com.example.Greeter");
        }
        return value;
    }

    private static Command command(Map<String, String> env) {
        String variable = has(env, "fprocess") ? "fprocess" : "function_process";
        if (!has(env, variable)) {
            throw new ConfigException("fprocess", "is not set; set it to the command that runs the"
                    + " function, for example fprocess=\"cat\" (alias: function_process)");
        }
        String path = has(env, "PATH") ? env.get("PATH") : DEFAULT_PATH;
        return Command.parse(variable, env.get(variable), path);
    }

    private static URI upstreamUrl(Map<String, String> env) {
        String variable = has(env, "upstream_url") ? "upstream_url" : "http_upstream_url";
        if (!has(env, variable)) {
            throw new ConfigException("upstream_url", "is not set; http mode needs the address the"
                    + " function listens on, for example upstream_url=http://127.0.0.1:3000");
        }
        String value = env.get(variable).strip();
        try {
            URI uri = new URI(value);
            if ("http".equals(uri.getScheme()) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // falls through to the message below, which says what a good value looks like
        }
        throw new ConfigException(variable, "\"" + value + "\" is not an http:// URL with a host;"
                + " use for example http://127.0.0.1:3000");
    }

    private static int port(Map<String, String> env, String variable, int defaultValue) {
        int port = integer(env, variable, defaultValue);
        if (port > 65535) {
            throw new ConfigException(variable, port + " is not a TCP port; use 1-65535 (or 0 for any free port)");
        }
        return port;
    }

    private static Path folder(Map<String, String> env, String variable, String defaultValue) {
        String value = has(env, variable) ? env.get(variable).strip() : defaultValue;
        try {
            Path path = Path.of(value).toAbsolutePath().normalize();
            if (Files.isDirectory(path)) {
                return path;
            }
        } catch (InvalidPathException e) {
            // falls through to the message below
        }
        throw new ConfigException(variable, "\"" + value + "\" is not a folder; set it to an existing folder,"
                + " for example " + variable + "=" + defaultValue);
    }

    private static int maxInflight(Map<String, String> env) {
        return integer(env, "max_inflight", DEFAULT_MAX_INFLIGHT);
    }

    private static int integer(Map<String, String> env, String variable, int defaultValue) {
        if (!has(env, variable)) {
            return defaultValue;
        }
        String value = env.get(variable).strip();
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new ConfigException(variable, "\"" + value + "\" is not a whole number >= 0");
    }

    private static Duration positiveDuration(Map<String, String> env, String variable) {
        Duration duration = duration(env, variable, DEFAULT_TIMEOUT);
        if (duration.isZero()) {
            throw new ConfigException(variable, "must be more than 0; " + DURATION_HINT);
        }
        return duration;
    }

    private static Duration duration(Map<String, String> env, String variable, Duration defaultValue) {
        if (!has(env, variable)) {
            return defaultValue;
        }
        String value = env.get(variable);
        return GoDuration.parse(value).orElseThrow(() ->
                new ConfigException(variable, "\"" + value + "\" is not a duration; " + DURATION_HINT));
    }

    private static boolean bool(Map<String, String> env, String variable, boolean defaultValue) {
        if (!has(env, variable)) {
            return defaultValue;
        }
        String value = env.get(variable).strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new ConfigException(variable, "\"" + env.get(variable)
                    + "\" is not a boolean; use true or false");
        };
    }

    /** Set and not blank: OpenFaaS treats an empty variable like an unset one. */
    private static boolean has(Map<String, String> env, String variable) {
        String value = env.get(variable);
        return value != null && !value.isBlank();
    }
}
