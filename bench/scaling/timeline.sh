#!/usr/bin/env bash
# Timestamps of one function's replica start, for cold-start.sh and deploy.sh (sourced, not run).
#
# Every time is milliseconds since the Unix epoch, read from the clock of the machine dockerd runs on:
#   event_ms NAME SINCE UNTIL TYPE ACTION   first Docker event of the service (type service) or of its
#                                           containers (type container) between SINCE and UNTIL (date +%s.%N)
#   log_ms CONTAINER SINCE_MS PATTERN       first line of the container's log after SINCE_MS matching PATTERN
#                                           (Docker stamps each line when it reads it from the container)
#   service_log_ms SERVICE SINCE PATTERN    the same for a service's log (the gateway's own lines), SINCE
#                                           as for event_ms
# The watchdog's lines used: "Listening on port" (it accepts calls) and "Forking fprocess" (a call reached
# it, streaming mode); the gateway's: "ready N ms after its container start event" (its /_/ready probe
# succeeded, ReadyReplicas).

event_ms() {
    docker events --since "$2" --until "$3" --filter "type=$4" --filter "event=$5" \
        --filter "$( [ "$4" = service ] && echo "service=$1" || echo "label=com.docker.swarm.service.name=$1")" \
        --format "{{.TimeNano}}" | head -1 | cut -c1-13
}

stamp_ms() {  # RFC 3339 timestamp -> ms
    date -d "$1" +%s%3N
}

log_ms() {
    local line
    line=$(docker logs --timestamps --since "$(awk -v t="$2" 'BEGIN { printf "%.3f", t / 1000 }')" "$1" 2>&1 \
        | grep -m1 -e "$3") || return 0
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
