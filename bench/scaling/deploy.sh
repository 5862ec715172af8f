#!/usr/bin/env bash
# Deploy -> first successful call, through the gateway, with where the time goes.
#
#   bench/scaling/deploy.sh [runs]       (default 3)
#
# Reads GATEWAY, GATEWAY_SERVICE, PASSWORD_FILE, IMAGE as cold-start.sh does. Each run deploys a fresh
# bench-deploy-s-N (the watchdog image, `cat`) with POST /system/functions, calls it every 20 ms until it
# answers 200 (as bench/run does; bounded at 30 s), and splits the time (timeline.sh):
#   create       POST sent -> service created (the gateway's deploy)
#   scheduling   service created -> container created
#   container    container created -> started
#   watchdog     container started -> the watchdog's "Listening on port"
#   ready        listening -> the gateway's /_/ready probe succeeded
#   forward      ready -> a call reached the replica (its "Forking fprocess" line)
#   answer       the rest: the answer back to curl (polling adds up to 20 ms here)
# Then the function is removed and its container waited for, so runs do not overlap.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=timeline.sh
source "$here/timeline.sh"
runs=${1:-3}
# shellcheck source=platform.sh
source "$here/platform.sh"
suffix=$RANDOM
cleanup() {
    events_stop
    for run in $(seq 1 "$runs"); do remove_function "bench-deploy-s-$suffix-$run" 2>/dev/null; done
    rm -f "$rows" "$events"
}
rows=$(mktemp /tmp/skiff-deploy.XXXXXX)
events=$rows.events
trap cleanup EXIT

echo "| deploy | first call ms | create | scheduling | container | watchdog | ready | forward | answer |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for run in $(seq 1 "$runs"); do
    name=bench-deploy-s-$suffix-$run
    events_start "$events"
    since=$(date +%s.%N)
    t0=$(now_ms)
    curl -fsS "${auth[@]}" -X POST "$GATEWAY/system/functions" -o /dev/null \
        -d "{\"service\":\"$name\",\"image\":\"$IMAGE\",\"envProcess\":\"cat\"}"
    end=""
    for _ in $(seq 1 1500); do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' -d x "$GATEWAY/function/$name")" = 200 ]; then
            end=$(now_ms); break
        fi
        sleep 0.02
    done
    events_stop
    [ -n "$end" ] || { echo "| $run | no answer in 30 s | | | | | | | |"; continue; }
    sleep 1
    container=$(newest_container "$name")
    created=$(event_ms "$events" "$name" service create)
    ccreate=$(event_ms "$events" "$name" container create)
    start=$(event_ms "$events" "$name" container start)
    listen=$(log_ms "$container" "$t0" "Listening on port")
    ready=$(service_log_ms "$GATEWAY_SERVICE" "$since" "$name: replica .* ready")
    served=$(log_ms "$container" "$t0" "Forking fprocess")
    echo "| $run | **$((end - t0))** | $(span "$created" "$t0") | $(span "$ccreate" "$created") |" \
        "$(span "$start" "$ccreate") | $(span "$listen" "$start") | $(span "$ready" "$listen") |" \
        "$(span "$served" "$ready") | $(span "$end" "$served") |"
    echo $((end - t0)) >> "$rows"
    remove_function "$name"
    for _ in $(seq 1 300); do [ -z "$(docker ps -aq --filter "label=com.docker.swarm.service.name=$name")" ] && break; sleep 0.1; done
done
sort -n "$rows" | awk '{ v[NR] = $1 } END { if (NR) printf "| min / median / max | **%d / %d / %d** | | | | | | | |\n", v[1], v[int((NR + 1) / 2)], v[NR] }'
