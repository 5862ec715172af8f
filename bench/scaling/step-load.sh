#!/usr/bin/env bash
# Step load through the gateway: from ~7 req/s (one replica's worth) to ~38 req/s (four replicas' worth at
# com.openfaas.scale.target=10, type rps; low rates, so that a busy machine still delivers them), then the load stops. Prints replicas over time (desired by the
# autoscaler, running containers, replicas that answered), the time until 4 replicas serve, and every
# failed call (hey's errors and non-2xx, and the prober's).
#
#   bench/scaling/step-load.sh
#
# Reads GATEWAY (http://127.0.0.1:8080), PASSWORD_FILE (./.secrets/basic-auth-password), IMAGE (the watchdog
# image of images/target/images.env). Bounded: 5 s + 15 s of load (hey -z, under timeout), then 20 s of
# watching the scale-down (STEP_DOWN_WATCH). Load goes to 127.0.0.1 only. Removes its function at the end.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=timeline.sh
source "$here/timeline.sh"
# shellcheck source=platform.sh
source "$here/platform.sh"
DOWN_WATCH=${STEP_DOWN_WATCH:-20}
command -v hey >/dev/null || { echo "hey is missing: apt-get install hey" >&2; exit 1; }
name=bench-step-$RANDOM
work=$(mktemp -d /tmp/skiff-step.XXXXXX)
cleanup() {
    kill "$(cat "$work/prober.pid" 2>/dev/null)" "$(cat "$work/sampler.pid" 2>/dev/null)" 2>/dev/null || true
    remove_function "$name"
    rm -rf "$work"
}
trap cleanup EXIT

# `env` prints HOSTNAME, the container id: distinct values are distinct replicas answering.
curl -fsS "${auth[@]}" -X POST "$GATEWAY/system/functions" -o /dev/null -d "{\"service\":\"$name\",\"image\":\"$IMAGE\",
    \"envProcess\":\"env\",\"labels\":{\"com.openfaas.scale.type\":\"rps\",\"com.openfaas.scale.target\":\"10\",
    \"com.openfaas.scale.min\":\"1\",\"com.openfaas.scale.max\":\"8\"}}"
for _ in $(seq 1 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$GATEWAY/function/$name")" = 200 ] && break
    sleep 0.1
done

t0=$(now_ms)
# Prober: one call every 0.5 s (part of the load), recording when each replica (HOSTNAME) first answered, and any failure.
(
    while true; do
        out=$(curl -s -w '\n%{http_code}' "$GATEWAY/function/$name" 2>/dev/null || echo "curl-error")
        code=${out##*$'\n'}
        host=$(printf '%s\n' "$out" | sed -n 's/^HOSTNAME=//p')
        echo "$(now_ms) $code ${host:-none}" >> "$work/probes"
        sleep 0.5
    done
) & echo $! > "$work/prober.pid"
# Sampler: desired replicas (swarm spec, as the autoscaler wrote it) and running containers, every 0.5 s.
(
    while true; do
        desired=$(docker service inspect "$name" --format '{{.Spec.Mode.Replicated.Replicas}}' 2>/dev/null || echo ?)
        running=$(docker ps -q --filter "label=com.docker.swarm.service.name=$name" --filter status=running | wc -l)
        echo "$(now_ms) $desired $running" >> "$work/samples"
        sleep 0.5
    done
) & echo $! > "$work/sampler.pid"

timeout 30 hey -z 5s -c 1 -q 5 "$GATEWAY/function/$name" > "$work/hey.base" 2>&1 || true
step=$(now_ms)
timeout 40 hey -z 15s -c 4 -q 9 "$GATEWAY/function/$name" > "$work/hey.step" 2>&1 || true
stopped=$(now_ms)
# Read now: swarm removes the containers of the replicas it scales down.
first_calls=$(for container in $(docker ps -aq --filter "label=com.docker.swarm.service.name=$name"); do
    log_ms "$container" "$t0" "Forking fprocess"
done | sort -n)
sleep "$DOWN_WATCH"
kill "$(cat "$work/prober.pid")" "$(cat "$work/sampler.pid")" 2>/dev/null || true
sleep 0.2

echo "step load on $name: 5 req/s (+ the prober's 2) for 5 s, then 36 req/s (+2: 4 replicas at target 10 rps) for 15 s, then none"
for phase in base step; do
    awk -v p="$phase" '/Requests\/sec/ { rps = $2 } /^ *\[[0-9][0-9][0-9]\]/ { codes = codes " " $1 " x" $2 } /Error distribution/ { err = 1 }
        END { printf "  hey %-4s: %s req/s; status codes:%s%s\n", p, rps, codes, err ? " ; ERRORS (see hey output)" : "" }' "$work/hey.$phase"
    grep -A5 'Error distribution' "$work/hey.$phase" | sed 's/^/    /' || true
done
awk -v step="$step" '$3 != "none" && !($3 in seen) { seen[$3] = 1; n++; if (n == 4 && $1 >= step) { printf "  4 replicas serving %.2f s after the step (goal <= 5 s)\n", ($1 - step) / 1000; done = 1 } }
    END { if (!done) printf "  4 replicas never served (distinct replicas seen: %d)\n", n }' "$work/probes"
# Each replica's first call, from its own log (the watchdog logs "Forking fprocess" per call): exact,
# unlike the prober, which sees one replica of four per call.
echo "$first_calls" | awk -v step="$step" 'NF { n++; line = line sprintf(" %.2f", ($1 - step) / 1000)
        if (n == 4) { printf "  4 replicas served calls %.2f s after the step (their own logs)\n", ($1 - step) / 1000 } }
    END { printf "  each replica'"'"'s first call, s after the step (their own logs):%s\n", line }'
awk -v step="$step" '$1 >= step && $3 >= 4 && !done { printf "  4 containers running %.2f s after the step\n", ($1 - step) / 1000; done = 1 }' "$work/samples"
awk '$2 != 200 { bad++ } END { printf "  prober: %d calls, %d failed\n", NR, bad + 0 }' "$work/probes"
echo "  replicas over time (s from start: desired/running; | marks the step and the stop):"
awk -v t0="$t0" -v step="$step" -v stop="$stopped" '{
        mark = ""; if (!ms && $1 >= step) { mark = "| "; ms = 1 } if (!mt && $1 >= stop) { mark = "| "; mt = 1 }
        line = line sprintf("%s%.1f:%s/%s  ", mark, ($1 - t0) / 1000, $2, $3) }
    END { print line }' "$work/samples" | fold -s -w 110 | sed 's/^/    /'
