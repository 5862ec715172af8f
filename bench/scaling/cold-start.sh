#!/usr/bin/env bash
# First response from both kinds of zero, through the gateway, with where the time goes.
#
#   bench/scaling/cold-start.sh [runs]       (default 3)
#
# Needs a running platform (bin/up, or a test stack) and reads: GATEWAY (http://127.0.0.1:8080),
# PASSWORD_FILE (./.secrets/basic-auth-password), IMAGE (the watchdog image of images/target/images.env).
# Deploys one function per kind with com.openfaas.scale.zero=true and a 2 s zero-duration, lets the
# autoscaler take it to zero (cold: no container; warm: its container paused), calls it, and splits the
# first response from Docker's events and the watchdog's own start log:
#   gateway->swarm   call sent -> service updated (the gateway's wake-up and its scale call)
#   scheduling       service updated -> container created
#   container        container created -> started
#   watchdog         the watchdog's "started in N ms" (JVM start to listening)
#   ready+proxy      the rest: readiness detection (events, /_/ready probe) and forwarding the call
# Bounded: each wait gives up after 60 s; the functions are removed at the end.
set -euo pipefail
repo=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
runs=${1:-3}
GATEWAY=${GATEWAY:-http://127.0.0.1:8080}
PASSWORD_FILE=${PASSWORD_FILE:-$repo/.secrets/basic-auth-password}
if [ -z "${IMAGE:-}" ]; then
    # shellcheck disable=SC1091
    source "$repo/images/target/images.env"
    IMAGE=$WATCHDOG_IMAGE
fi
auth=(-u "admin:$(cat "$PASSWORD_FILE")")
suffix=$RANDOM
now_ms() { date +%s%3N; }

deploy() {  # name mode
    curl -fsS "${auth[@]}" -X POST "$GATEWAY/system/functions" -o /dev/null -d "{\"service\":\"$1\",\"image\":\"$IMAGE\",
        \"envProcess\":\"cat\",\"labels\":{\"com.openfaas.scale.zero\":\"true\",\"com.openfaas.scale.zero-duration\":\"2s\"},
        \"annotations\":{\"dev.skiff.scale.zero-mode\":\"$2\"}}"
}
remove() { curl -sS "${auth[@]}" -X DELETE "$GATEWAY/system/functions" -o /dev/null -d "{\"functionName\":\"$1\"}" || true; }
containers() {  # name state -> count
    docker ps -q --filter "label=com.docker.swarm.service.name=$1" --filter "status=$2" | wc -l
}
wait_for() {  # description command...
    local what=$1; shift
    for _ in $(seq 1 600); do "$@" && return 0; sleep 0.1; done
    echo "gave up waiting for $what" >&2; return 1
}
at_cold_zero() { [ "$(docker ps -aq --filter "label=com.docker.swarm.service.name=$1" | wc -l)" -eq 0 ]; }
at_warm_zero() { [ "$(containers "$1" paused)" -eq 1 ]; }
answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' -d x "$GATEWAY/function/$1")" = 200 ]; }
event_ms() {  # name since until type action -> first event time in ms
    docker events --since "$2" --until "$3" --filter "type=$4" --filter "event=$5" \
        --filter "$( [ "$4" = service ] && echo "service=$1" || echo "label=com.docker.swarm.service.name=$1")" \
        --format "{{.TimeNano}}" | head -1 | cut -c1-13
}

measure() {  # name kind run
    local name=$1 kind=$2 since t0 total until
    since=$(date +%s.%N)
    t0=$(now_ms)
    total=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -d x "$GATEWAY/function/$name")
    until=$(date +%s.%N)
    [ "${total%% *}" = 200 ] || { echo "call failed: $total" >&2; return 1; }
    local ms
    ms=$(awk -v t="${total#* }" 'BEGIN { printf "%d", t * 1000 }')
    if [ "$kind" = cold ]; then
        local upd create start wd
        upd=$(event_ms "$name" "$since" "$until" service update)
        create=$(event_ms "$name" "$since" "$until" container create)
        start=$(event_ms "$name" "$since" "$until" container start)
        wd=$(docker service logs --timestamps --tail 50 "$name" 2>/dev/null | sort \
            | sed -n 's/.*started in \([0-9]*\) ms.*/\1/p' | tail -1)
        printf '%-5s run %d  first response %4d ms = gateway->swarm %3d + scheduling %3d + container %3d + watchdog %3s + ready+proxy %3d\n' \
            "$kind" "$3" "$ms" $((upd - t0)) $((create - upd)) $((start - create)) "${wd:-?}" \
            $((ms - (start - t0) - ${wd:-0}))
    else
        local unpause
        unpause=$(event_ms "$name" "$since" "$until" container unpause)
        printf '%-5s run %d  first response %4d ms = gateway->unpause %3d + ready+proxy %3d\n' \
            "$kind" "$3" "$ms" $((unpause - t0)) $((ms - (unpause - t0)))
    fi
    echo "$ms" >> "$results.$kind"
}

results=$(mktemp /tmp/skiff-cold.XXXXXX)
trap 'remove "bench-cold-$suffix"; remove "bench-warm-$suffix"; rm -f "$results"*' EXIT
for kind in cold warm; do
    name=bench-$kind-$suffix
    deploy "$name" "$kind"
    wait_for "$name to answer" answers "$name"
    for run in $(seq 1 "$runs"); do
        wait_for "$name at $kind zero" "at_${kind}_zero" "$name"
        sleep 0.3
        measure "$name" "$kind" "$run"
    done
    sort -n "$results.$kind" | awk -v k="$kind" '{ v[NR] = $1 } END {
        printf "%-5s zero: first response min %d / median %d / max %d ms over %d runs\n", k, v[1], v[int((NR + 1) / 2)], v[NR], NR }'
done
