#!/usr/bin/env bash
# First response from both kinds of zero, through the gateway, with where the time goes.
#
#   bench/scaling/cold-start.sh [runs]       (default 3)
#
# Needs a running platform (bin/up, or a test stack) and reads: GATEWAY (http://127.0.0.1:8080),
# GATEWAY_SERVICE (func_gateway: the gateway's swarm service, whose log says when a replica got ready),
# PASSWORD_FILE (./.secrets/basic-auth-password), IMAGE (the watchdog image of images/target/images.env).
# Deploys one function per kind with com.openfaas.scale.zero=true and a 2 s zero-duration, lets the
# autoscaler take it to zero (cold: no container; warm: its container paused), calls it, and splits the
# first response with Docker's events and the timestamps Docker gives the log lines (timeline.sh):
#   gateway      call sent -> service updated (the gateway's wake-up and its scale call)
#   scheduling   service updated -> container created (swarm's orchestrator, scheduler, dispatcher, agent)
#   container    container created -> started (network attachment, mounts, runc)
#   watchdog     container started -> the watchdog's "Listening on port" (JVM and watchdog start)
#   ready        listening -> the gateway's /_/ready probe succeeded (its "ready ... after" log line)
#   forward      ready -> the call reached the replica (its "Forking fprocess" line)
#   answer       the rest: the function's answer back through the gateway to curl
# Prints a Markdown table: one row per run, then min / median / max. Bounded: each wait gives up after
# 60 s; the functions are removed at the end.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=timeline.sh
source "$here/timeline.sh"
runs=${1:-3}
# shellcheck source=platform.sh
source "$here/platform.sh"
suffix=$RANDOM

deploy() {  # name mode
    curl -fsS "${auth[@]}" -X POST "$GATEWAY/system/functions" -o /dev/null -d "{\"service\":\"$1\",\"image\":\"$IMAGE\",
        \"envProcess\":\"cat\",\"labels\":{\"com.openfaas.scale.zero\":\"true\",\"com.openfaas.scale.zero-duration\":\"2s\"},
        \"annotations\":{\"dev.skiff.scale.zero-mode\":\"$2\"}}"
}
wait_for() {  # description command...
    local what=$1; shift
    for _ in $(seq 1 600); do "$@" && return 0; sleep 0.1; done
    echo "gave up waiting for $what" >&2; return 1
}
at_cold_zero() { [ "$(docker ps -aq --filter "label=com.docker.swarm.service.name=$1" | wc -l)" -eq 0 ]; }
at_warm_zero() { [ "$(docker ps -q --filter "label=com.docker.swarm.service.name=$1" --filter status=paused | wc -l)" -eq 1 ]; }
answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' -d x "$GATEWAY/function/$1")" = 200 ]; }

measure() {  # name kind run -> one table row; the first response in ms to $rows.$kind
    local name=$1 kind=$2 since t0 out until ms end container served
    events_start "$events"
    since=$(date +%s.%N)
    t0=$(now_ms)
    out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -d x "$GATEWAY/function/$name")
    events_stop
    [ "${out%% *}" = 200 ] || { echo "call failed: $out" >&2; return 1; }
    ms=$(awk -v t="${out#* }" 'BEGIN { printf "%d", t * 1000 }')
    end=$((t0 + ms))
    sleep 1  # Docker's log timestamps and events settle
    container=$(newest_container "$name")
    served=$(log_ms "$container" "$t0" "Forking fprocess")
    if [ "$kind" = cold ]; then
        local upd create start listen ready
        upd=$(event_ms "$events" "$name" service update)
        create=$(event_ms "$events" "$name" container create)
        start=$(event_ms "$events" "$name" container start)
        listen=$(log_ms "$container" "$t0" "Listening on port")
        ready=$(service_log_ms "$GATEWAY_SERVICE" "$since" "$name: replica .* ready")
        echo "| cold | $3 | **$ms** | $(span "$upd" "$t0") | $(span "$create" "$upd") | $(span "$start" "$create") |" \
            "$(span "$listen" "$start") | $(span "$ready" "$listen") | $(span "$served" "$ready") | $(span "$end" "$served") |"
    else
        local unpause
        unpause=$(event_ms "$events" "$name" container unpause)
        echo "| warm | $3 | **$ms** | unpause $(span "$unpause" "$t0") | | | | | $(span "$served" "$unpause") | $(span "$end" "$served") |"
    fi
    echo "$ms" >> "$rows.$kind"
}

rows=$(mktemp /tmp/skiff-cold.XXXXXX)
events=$rows.events
trap 'events_stop; remove_function "bench-cold-$suffix"; remove_function "bench-warm-$suffix"; rm -f "$rows"*' EXIT
echo "| zero | run | first response ms | gateway | scheduling | container | watchdog | ready | forward | answer |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for kind in ${BENCH_ZERO_KINDS:-cold warm}; do
    name=bench-$kind-$suffix
    deploy "$name" "$kind"
    wait_for "$name to answer" answers "$name"
    for run in $(seq 1 "$runs"); do
        wait_for "$name at $kind zero" "at_${kind}_zero" "$name"
        sleep 0.3
        measure "$name" "$kind" "$run"
    done
    sort -n "$rows.$kind" | awk -v k="$kind" '{ v[NR] = $1 } END {
        printf "| %s | min / median / max | **%d / %d / %d** | | | | | | | |\n", k, v[1], v[int((NR + 1) / 2)], v[NR] }'
done
