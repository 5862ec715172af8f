package dev.skiff.watchdog.fork;

import java.util.HashMap;
import java.util.Map;

import io.helidon.http.Header;
import io.helidon.webserver.http.ServerRequest;

/**
 * The environment of a forked process (API.md 5.4): the watchdog's own, plus {@code Http_<Header>}
 * for each request header (Go's canonical name, {@code -} turned into {@code _}, first value),
 * {@code Http_Method}, {@code Http_Path} and, when there is one, {@code Http_Query}.
 */
final class RequestEnvironment {

    private RequestEnvironment() {
    }

    static Map<String, String> of(Map<String, String> base, ServerRequest request) {
        Map<String, String> env = new HashMap<>(base);
        for (Header header : request.headers()) {
            String name = "Http_" + canonical(header.headerName().lowerCase()).replace('-', '_');
            env.putIfAbsent(name, header.allValues().getFirst());
        }
        env.put("Http_Method", request.prologue().method().text());
        env.put("Http_Path", request.path().rawPath());
        String query = request.query().rawValue();
        if (!query.isEmpty()) {
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
