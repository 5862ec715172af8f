#!/usr/bin/env bash
# Timestamps of one function's replica start, for cold-start.sh and deploy.sh (sourced, not run).
#
# Every time is milliseconds since the Unix epoch, read from the clock of the machine dockerd runs on:
#   events_start FILE / events_stop         record Docker's service and container events meanwhile
#   event_ms FILE NAME TYPE ACTION          first recorded event of the service (type service) or of its
#                                           containers (type container)
#   log_ms CONTAINER SINCE_MS PATTERN       first line of the container's log after SINCE_MS matching PATTERN
#                                           (Docker stamps each line when it reads it from the container)
#   service_log_ms SERVICE SINCE PATTERN    the same for a service's log (the gateway's own lines), SINCE
#                                           in seconds (date +%s.%N)
# The watchdog's lines used: "Listening on port" (it accepts calls) and "Forking fprocess" (a call reached
# it, streaming mode); the gateway's: "ready N ms after its container start event" (its /_/ready probe
# succeeded, ReadyReplicas).

# Docker keeps only its last 256 events, and the health checks of every container on the machine make
# three a second each: events are recorded as they happen, by a `docker events` started before the step.
events_start() {  # file -> records service and container events to it until events_stop
    docker events --filter type=service --filter type=container --format \
        '{{.TimeNano}} {{.Type}} {{.Action}} {{.Actor.Attributes.name}} {{index .Actor.Attributes "com.docker.swarm.service.name"}}' \
        > "$1" 2>/dev/null &
    events_pid=$!
    sleep 0.3  # the stream is open before anything happens
}

events_stop() {
    [ -n "${events_pid:-}" ] || return 0
    sleep 0.3
    kill "$events_pid" 2>/dev/null || true
    wait "$events_pid" 2>/dev/null || true
    events_pid=""
}

event_ms() {  # file name type action
    awk -v n="$2" -v t="$3" -v a="$4" '$2 == t && $3 == a && ($4 == n || $5 == n) { print substr($1, 1, 13); exit }' "$1"
}

stamp_ms() {  # RFC 3339 timestamp -> ms
    date -d "$1" +%s%3N
}

log_ms() {
    local line
    # grep reads from a process substitution: in a pipe, its early exit would fail the pipeline (pipefail).
    line=$(grep -m1 -e "$3" < <(docker logs --timestamps \
        --since "$(awk -v t="$2" 'BEGIN { printf "%.3f", t / 1000 }')" "$1" 2>&1)) || return 0
    stamp_ms "${line%% *}"
}

service_log_ms() {
    # `docker service logs --since` does not filter here (Docker 20.10): the lines are filtered by time instead.
    local since_ms stamp best=""
    since_ms=$(awk -v t="$2" 'BEGIN { printf "%.0f", t * 1000 }')
    while read -r stamp _; do
        stamp=$(stamp_ms "$stamp")
        if [ "$stamp" -ge "$since_ms" ] && { [ -z "$best" ] || [ "$stamp" -lt "$best" ]; }; then best=$stamp; fi
    done < <(docker service logs --raw --timestamps "$1" 2>&1 | grep -e "$3")
    echo "$best"
}

# The container of the function's newest task (running or not).
newest_container() {
    docker ps -aq --latest --filter "label=com.docker.swarm.service.name=$1"
}

# "a - b" in ms, or "?" when either is unknown.
span() {
    if [ -n "$1" ] && [ -n "$2" ]; then echo $(($1 - $2)); else echo "?"; fi
}
