#!/usr/bin/env bash
# What the gateway's service spec costs at container start: scale 0 -> 1 of the spec the gateway
# writes for a function, and of the same spec with one choice changed, interleaved rounds.
#
#   bench/scaling/spec-variants.sh [rounds]        (default 3)
#
# Reads GATEWAY, PASSWORD_FILE, IMAGE as cold-start.sh does. Deploys bench-spec-N through the gateway,
# reads its swarm spec back, and creates plain swarm services (bench-spec-N-VARIANT, not functions: the
# gateway leaves them alone) from it with Docker's API, each with one change:
#   gateway     the spec as the gateway writes it (reference)
#   nohealth    no health check (the swarm health check every function_health_interval)
#   norestart   swarm's default restart policy instead of any / 5 attempts / 5 s delay
#   noplace     no placement constraint (node.platform.os == linux)
#   imageid     the image by its ID (sha256:...): swarm's agent then does not try to pull the tag first
#   nonet       not on the functions network (a function must be; the cost of the overlay attachment)
# and times scale 0 -> 1 from Docker's events and the watchdog's log: scale call -> container created,
# created -> started, started -> watchdog listening. Prints the median and range of each over the rounds.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=timeline.sh
source "$here/timeline.sh"
rounds=${1:-3}
# shellcheck source=platform.sh
source "$here/platform.sh"
base=bench-spec-$RANDOM
variants=(${SPEC_VARIANTS:-gateway nohealth norestart noplace imageid nonet})
work=$(mktemp -d /tmp/skiff-spec.XXXXXX)
cleanup() {
    events_stop
    for v in "${variants[@]}"; do docker service rm "$base-$v" >/dev/null 2>&1 || true; done
    remove_function "$base"
    rm -rf "$work"
}
trap cleanup EXIT

curl -fsS "${auth[@]}" -X POST "$GATEWAY/system/functions" -o /dev/null \
    -d "{\"service\":\"$base\",\"image\":\"$IMAGE\",\"envProcess\":\"cat\"}"
docker service inspect -f '{{json .Spec}}' "$base" > "$work/spec.json"
image_id=$(docker image inspect -f '{{.Id}}' "$IMAGE")
for v in "${variants[@]}"; do
    python3 - "$work/spec.json" "$base-$v" "$v" "$image_id" > "$work/$v.json" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
name, variant, image_id = sys.argv[2], sys.argv[3], sys.argv[4]
spec["Name"] = name
spec["Labels"] = {"bench": "spec-variants"}          # not a function: no gateway scales it
spec["Mode"] = {"Replicated": {"Replicas": 0}}
task = spec["TaskTemplate"]
container = task["ContainerSpec"]
container["Labels"] = {"bench": "spec-variants"}
if variant == "nohealth":
    container["Healthcheck"] = {"Test": ["NONE"]}
elif variant == "norestart":
    task.pop("RestartPolicy", None)
elif variant == "noplace":
    task.pop("Placement", None)
elif variant == "imageid":
    container["Image"] = image_id
elif variant == "nonet":
    task.pop("Networks", None)
print(json.dumps(spec))
PY
    curl -fsS --unix-socket /var/run/docker.sock -H 'Content-Type: application/json' \
        -X POST "http://docker/v1.41/services/create" -d @"$work/$v.json" -o /dev/null
done
remove_function "$base"

for round in $(seq 1 "$rounds"); do
    for v in "${variants[@]}"; do
        name=$base-$v
        events_start "$work/events"
        t0=$(now_ms)
        docker service scale -d "$name=1" >/dev/null 2>&1
        listen=""
        for _ in $(seq 1 300); do
            container=$(newest_container "$name")
            [ -n "$container" ] && listen=$(log_ms "$container" "$t0" "Listening on port")
            [ -n "$listen" ] && break
            sleep 0.1
        done
        events_stop
        create=$(event_ms "$work/events" "$name" container create)
        start=$(event_ms "$work/events" "$name" container start)
        echo "$v $(span "$create" "$t0") $(span "$start" "$create") $(span "$listen" "$start")" >> "$work/rows"
        docker service scale -d "$name=0" >/dev/null 2>&1
        for _ in $(seq 1 300); do [ -z "$(docker ps -aq --filter "label=com.docker.swarm.service.name=$name")" ] && break; sleep 0.1; done
    done
done

echo "| spec variant | scale call -> created ms | created -> started ms | started -> listening ms | rounds |"
echo "| --- | --- | --- | --- | --- |"
for v in "${variants[@]}"; do
    for col in 2 3 4; do
        awk -v v="$v" -v c="$col" '$1 == v && $c != "?" { print $c }' "$work/rows" | sort -n \
            | awk '{ x[NR] = $1 } END { if (NR) printf "%d (%d-%d)\n", x[int((NR + 1) / 2)], x[1], x[NR]; else print "?" }'
    done | paste -sd'|' | awk -v v="$v" -v r="$rounds" -F'|' '{ printf "| %s | %s | %s | %s | %d |\n", v, $1, $2, $3, r }'
done
