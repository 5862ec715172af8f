package dev.skiff.queueworker.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The calls of one fault test and what the recorder saw of them: sent, accepted (202), refused (503),
 * completed (distinct call ids the function recorded), duplicates (extra runs of the same call), lost.
 */
final class Batch {
    final List<String> accepted = new ArrayList<>();
    int sent;
    int refused;

    void record(int status, String callId) {
        sent++;
        if (status == 202) {
            accepted.add(callId);
        } else if (status == 503) {
            refused++;
        } else {
            throw new AssertionError("unexpected answer " + status + " to an async call");
        }
    }

    /** How often each accepted call ran, from recorder lines {@code PATH CALL-ID STATUS}. */
    Map<String, Integer> runs(List<String> lines, String path) {
        var runs = new HashMap<String, Integer>();
        var ours = Set.copyOf(accepted);
        for (var line : lines) {
            var fields = line.split(" ");
            if (fields.length >= 2 && fields[0].equals(path) && ours.contains(fields[1])) {
                runs.merge(fields[1], 1, Integer::sum);
            }
        }
        return runs;
    }

    String figures(String test, List<String> lines) {
        var runs = runs(lines, "/work");
        int duplicates = runs.values().stream().mapToInt(n -> n - 1).sum();
        var lost = new HashSet<>(accepted);
        lost.removeAll(runs.keySet());
        return String.format("FIGURES %s: sent %d, accepted %d, refused 503 %d, completed %d, duplicates %d, lost %d",
                test, sent, accepted.size(), refused, runs.size(), duplicates, lost.size());
    }
}
