#!/usr/bin/env bash
# What bench/gateway/run and bench/gateway/ab read of the containers they load (sourced, not run). Read on
# the host, from /proc and the container's cgroup:
#   wait_for URL SECONDS     until URL answers 2xx; fails after SECONDS
#   container_pid SERVICE    the host PID of the service's (first) container
#   cpu_ns PID               its container's CPU time in ns (cgroup v1 cpuacct.usage, or v2 cpu.stat usage_usec)
#   cpu_split PID            its user and system CPU in ns ("U S"; v1 cpuacct.stat in USER_HZ ticks, or v2)
#   rss_kib PID              the process's VmRSS in KiB
wait_for() {
    local deadline=$((SECONDS + $2))
    while [ "$SECONDS" -lt "$deadline" ]; do
        curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}
container_pid() {
    docker inspect -f '{{.State.Pid}}' "$(docker ps -q --no-trunc --filter "label=com.docker.swarm.service.name=$1" | head -1)"
}
cpu_ns() {
    local path
    path=$(awk -F: '$2 ~ /(^|,)cpuacct(,|$)/ {print $3; exit}' "/proc/$1/cgroup")
    if [ -n "$path" ] && [ -r "/sys/fs/cgroup/cpuacct$path/cpuacct.usage" ]; then
        cat "/sys/fs/cgroup/cpuacct$path/cpuacct.usage"; return
    fi
    path=$(awk -F: '$1 == "0" {print $3; exit}' "/proc/$1/cgroup")
    awk '$1 == "usage_usec" {printf "%.0f\n", $2 * 1000}' "/sys/fs/cgroup$path/cpu.stat"
}
cpu_split() {
    local path
    path=$(awk -F: '$2 ~ /(^|,)cpuacct(,|$)/ {print $3; exit}' "/proc/$1/cgroup")
    if [ -n "$path" ] && [ -r "/sys/fs/cgroup/cpuacct$path/cpuacct.stat" ]; then
        awk -v hz="$(getconf CLK_TCK)" '{v[$1] = $2} END {printf "%.0f %.0f\n", v["user"] * 1e9 / hz, v["system"] * 1e9 / hz}' \
            "/sys/fs/cgroup/cpuacct$path/cpuacct.stat"
        return
    fi
    path=$(awk -F: '$1 == "0" {print $3; exit}' "/proc/$1/cgroup")
    awk '$1 == "user_usec" {u = $2} $1 == "system_usec" {s = $2} END {printf "%.0f %.0f\n", u * 1000, s * 1000}' "/sys/fs/cgroup$path/cpu.stat"
}
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
