#!/usr/bin/env bash
# The local image registry: Debian's docker-registry (distribution 2.8) on 127.0.0.1:5000, with its own
# configuration (the packaged one listens on every interface and wants htpasswd auth). faas-cli push
# and up push images that name no registry here, as 127.0.0.1:5000/NAME:TAG, so that swarm records a
# digest and any node of a swarm can pull them. Docker allows plain HTTP to 127.0.0.0/8 without setup.
#
#   bin/lib/registry.sh start     install (apt-get) if needed, start unless running; idempotent
#   bin/lib/registry.sh stop      stop the registry this script started (its PID file)
#   bin/lib/registry.sh status    exit 0 when it answers
#
#   SKIFF_REGISTRY_DIR   /var/lib/skiff/registry   config, data, PID file and log
#   SKIFF_REGISTRY_ADDR  127.0.0.1:5000            listen address (keep it on loopback)
set -euo pipefail
dir=${SKIFF_REGISTRY_DIR:-/var/lib/skiff/registry}
addr=${SKIFF_REGISTRY_ADDR:-127.0.0.1:5000}

answering() {
    curl -fsS -o /dev/null --max-time 2 "http://$addr/v2/" 2>/dev/null
}

start() {
    if answering; then echo "registry: answering on $addr"; return 0; fi
    if ! command -v docker-registry >/dev/null; then
        echo "registry: installing docker-registry (apt-get)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker-registry >/dev/null \
            || { echo "error: apt-get install docker-registry failed; run it as root" >&2; exit 1; }
    fi
    mkdir -p "$dir/data"
    cat > "$dir/config.yml" <<CONFIG
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: $addr
CONFIG
    nohup docker-registry serve "$dir/config.yml" >> "$dir/registry.log" 2>&1 &
    echo $! > "$dir/registry.pid"
    for _ in $(seq 1 50); do
        if answering; then echo "registry: started on $addr (pid $(cat "$dir/registry.pid"), data in $dir/data)"; return 0; fi
        kill -0 "$(cat "$dir/registry.pid")" 2>/dev/null || break
        sleep 0.1
    done
    tail -5 "$dir/registry.log" >&2
    echo "error: the registry did not start on $addr (log: $dir/registry.log)" >&2
    exit 1
}

stop() {
    [ -f "$dir/registry.pid" ] || { echo "registry: not started by this script"; return 0; }
    local pid
    pid=$(cat "$dir/registry.pid")
    # Only our own process: the PID must still be a docker-registry.
    if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = docker-registry ]; then
        kill "$pid"
        echo "registry: stopped (pid $pid)"
    fi
    rm -f "$dir/registry.pid"
}

case ${1:-start} in
    start) start ;;
    stop) stop ;;
    status) answering && echo "registry: answering on $addr" || { echo "registry: not answering on $addr"; exit 1; } ;;
    *) echo "usage: bin/lib/registry.sh start|stop|status" >&2; exit 2 ;;
esac
