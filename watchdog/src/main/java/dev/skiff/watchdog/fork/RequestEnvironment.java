package dev.skiff.watchdog.fork;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/**
 * The environment of a forked process (API.md 5.4): the watchdog's own, plus {@code Http_<Header>}
 * for each request header (Go's canonical name, {@code -} turned into {@code _}, first value),
 * {@code Http_Method}, {@code Http_Path} and, when there is one, {@code Http_Query}.
 */
final class RequestEnvironment {

    private RequestEnvironment() {
    }

    static Map<String, String> of(Map<String, String> base, HttpExchange exchange) {
        Map<String, String> env = new HashMap<>(base);
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (header.getValue().isEmpty()) {
                continue;
            }
            String name = "Http_" + canonical(header.getKey().toLowerCase(Locale.ROOT)).replace('-', '_');
            env.putIfAbsent(name, header.getValue().getFirst());
        }
        env.put("Http_Method", exchange.getRequestMethod());
        env.put("Http_Path", exchange.getRequestURI().getRawPath());
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null && !query.isEmpty()) {
            env.put("Http_Query", query);
        }
        return env;
    }

    /** Go's CanonicalMIMEHeaderKey: upper-case the first letter and each letter after a dash. */
    static String canonical(String lowerCaseName) {
        char[] chars = lowerCaseName.toCharArray();
        boolean upper = true;
        for (int i = 0; i < chars.length; i++) {
            if (upper && chars[i] >= 'a' && chars[i] <= 'z') {
                chars[i] = (char) (chars[i] - ('a' - 'A'));
            }
            upper = chars[i] == '-';
        }
        return new String(chars);
    }
}
