package dev.skiff.gateway.provider.swarm;

import java.util.OptionalLong;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Memory and CPU strings in the forms OpenFaaS users write: Docker sizes ({@code 128m}, {@code 1g}) and
 * Kubernetes quantities ({@code 128Mi}, {@code 100m} CPU, {@code 0.5} cores). Unparsable values are logged
 * and skipped, as OpenFaaS does, not rejected.
 */
final class ResourceQuantities {
    private static final Logger LOG = Logger.getLogger(ResourceQuantities.class.getName());
    private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtKMGT]i?|[kmgtKMGT]?[bB]?)?");
    private static final Pattern CPU = Pattern.compile("(\\d+(?:\\.\\d+)?)(m?)");

    private ResourceQuantities() {
    }

    /** Bytes of a memory quantity; sizes are base 1024 either way, as Docker reads them. */
    static OptionalLong memoryBytes(String value) {
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        var matcher = MEMORY.matcher(value.strip());
        if (!matcher.matches()) {
            LOG.warning("ignoring memory quantity \"" + value + "\": use forms like 128Mi, 128m or 1g");
            return OptionalLong.empty();
        }
        double amount = Double.parseDouble(matcher.group(1));
        var unit = matcher.group(2) == null ? "" : matcher.group(2).toLowerCase().replace("i", "").replace("b", "");
        double factor = switch (unit) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            case "t" -> 1L << 40;
            default -> 1;
        };
        return OptionalLong.of((long) (amount * factor));
    }

    /** Nano-CPUs of a CPU quantity: {@code 100m} is 0.1 core, {@code 0.5} half a core. */
    static OptionalLong nanoCpus(String value) {
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        var matcher = CPU.matcher(value.strip());
        if (!matcher.matches()) {
            LOG.warning("ignoring CPU quantity \"" + value + "\": use millicores (100m) or cores (0.5)");
            return OptionalLong.empty();
        }
        double cores = Double.parseDouble(matcher.group(1)) / (matcher.group(2).isEmpty() ? 1 : 1000);
        return OptionalLong.of((long) (cores * 1e9));
    }
}
