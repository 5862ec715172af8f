package dev.skiff.watchdog.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The three series of of-watchdog (API.md 5.5): {@code http_requests_total} (counter),
 * {@code http_request_duration_seconds} (histogram), both labelled {@code code} and {@code method},
 * and {@code http_requests_in_flight} (gauge), written in the Prometheus text format 0.0.4.
 * <p>
 * Written by hand rather than with Micrometer: the watchdog starts on every cold start, and three
 * fixed series need a few adders, while micrometer-core plus the Prometheus registry and client
 * load several hundred classes at start-up (meter registry, naming conventions, the client's
 * exposition model); nothing here parses, it only prints. Labels follow Go's promhttp, which
 * of-watchdog uses: the method lower-cased ({@code get}), the code as digits ({@code 200}).
 */
public final class HttpMetrics {

    /** The Prometheus client's default buckets, in seconds, as of-watchdog uses. */
    static final double[] BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};

    /** Prometheus text exposition format, version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Map<Labels, Series> series = new ConcurrentHashMap<>();
    private final LongAdder inFlight = new LongAdder();

    /** A call has started; pair with {@link #finished}. */
    public void started() {
        inFlight.increment();
    }

    /** A call has ended with {@code code} after {@code nanos}. */
    public void finished(String method, int code, long nanos) {
        Labels labels = new Labels(Integer.toString(code), method.toLowerCase(Locale.ROOT));
        series.computeIfAbsent(labels, l -> new Series()).observe(nanos / 1e9);
        // Last, so that a scrape showing the call no longer in flight also shows it counted.
        inFlight.decrement();
    }

    /** Every series in the Prometheus text format, in a stable order. */
    public String text() {
        var sorted = new java.util.TreeMap<Labels, Series>(series);
        StringBuilder out = new StringBuilder(1024);
        out.append("# HELP http_request_duration_seconds Seconds spent serving HTTP requests.\n")
                .append("# TYPE http_request_duration_seconds histogram\n");
        sorted.forEach((labels, s) -> s.writeHistogram(out, labels));
        out.append("# HELP http_requests_in_flight The number of HTTP requests in flight\n")
                .append("# TYPE http_requests_in_flight gauge\n")
                .append("http_requests_in_flight ").append(inFlight.sum()).append('\n');
        out.append("# HELP http_requests_total The total HTTP requests\n")
                .append("# TYPE http_requests_total counter\n");
        sorted.forEach((labels, s) -> out.append("http_requests_total").append(labels.text(null))
                .append(' ').append(s.count.sum()).append('\n'));
        return out.toString();
    }

    /** One label set; ordered by name as Prometheus clients print them (code, then method). */
    private record Labels(String code, String method) implements Comparable<Labels> {

        String text(String le) {
            StringBuilder out = new StringBuilder(48).append("{code=\"").append(escape(code))
                    .append("\",method=\"").append(escape(method)).append('"');
            if (le != null) {
                out.append(",le=\"").append(le).append('"');
            }
            return out.append('}').toString();
        }

        @Override
        public int compareTo(Labels other) {
            int byCode = code.compareTo(other.code);
            return byCode != 0 ? byCode : method.compareTo(other.method);
        }

        // Written out: a record's own equals and hashCode are bootstrapped through
        // java.lang.runtime.ObjectMethods at the first call, which spins ~40 method-handle classes
        // that the image's AOT cache (and so every watchdog's memory) would otherwise carry.
        @Override
        public boolean equals(Object other) {
            return other instanceof Labels that && code.equals(that.code) && method.equals(that.method);
        }

        @Override
        public int hashCode() {
            return 31 * code.hashCode() + method.hashCode();
        }
    }

    /** Counts and duration histogram of one label set. Buckets are not cumulative until printed. */
    private static final class Series {
        private final LongAdder count = new LongAdder();
        private final DoubleAdder sum = new DoubleAdder();
        private final LongAdder[] buckets = new LongAdder[BUCKETS.length];

        Series() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    buckets[i].increment();
                    break;
                }
            }
            sum.add(seconds);
            count.increment(); // last, so a concurrent print never shows a bucket above the count
        }

        void writeHistogram(StringBuilder out, Labels labels) {
            long total = count.sum();
            long cumulative = 0;
            for (int i = 0; i < BUCKETS.length; i++) {
                cumulative += buckets[i].sum();
                out.append("http_request_duration_seconds_bucket").append(labels.text(number(BUCKETS[i])))
                        .append(' ').append(Math.min(cumulative, total)).append('\n');
            }
            out.append("http_request_duration_seconds_bucket").append(labels.text("+Inf"))
                    .append(' ').append(total).append('\n');
            out.append("http_request_duration_seconds_sum").append(labels.text(null))
                    .append(' ').append(number(sum.sum())).append('\n');
            out.append("http_request_duration_seconds_count").append(labels.text(null))
                    .append(' ').append(total).append('\n');
        }
    }

    /** As Go prints floats for Prometheus: {@code 0.005}, {@code 1}, {@code 2.5}. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Label values escape backslash, double quote and newline (text format 0.0.4). */
    static String escape(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
