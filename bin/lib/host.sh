# Sourced by the bin/ scripts: brings this host to the state the platform needs.
# Each step is idempotent: it checks first and acts only when something is missing.

SKIFF_STATE_DIR=${SKIFF_STATE_DIR:-/var/lib/skiff}

step() { printf '\n==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Debian packages the build and the platform need.
HOST_PACKAGES=(docker.io nats-server busybox-static debootstrap maven curl hey)

ensure_packages() {
    local missing=() package
    for package in "${HOST_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && { info "packages: all present"; return 0; }
    [ "$(id -u)" -eq 0 ] || die "missing packages ${missing[*]}: run as root, or install them with apt-get"
    info "installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || die "apt-get install ${missing[*]} failed"
}

# Starts a daemon detached (no init system here, so it outlives this script), with its output in $1 and
# none of this shell's descriptors but 0-2: one inherited from a caller, such as the lock of
# `flock /tmp/skiff-bench.lock bin/test`, would otherwise stay held for the daemon's whole life.
start_daemon() {
    local log=$1; shift
    (
        for fd in /proc/self/fd/*; do
            fd=${fd##*/}
            if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
        done
        exec setsid nohup "$@" >"$log" 2>&1 </dev/null
    ) &
}

ensure_dockerd() {
    if docker info >/dev/null 2>&1; then info "dockerd: running"; return 0; fi
    mkdir -p "$SKIFF_STATE_DIR"
    info "dockerd: starting (log: $SKIFF_STATE_DIR/dockerd.log)"
    start_daemon "$SKIFF_STATE_DIR/dockerd.log" dockerd
    local i
    for i in $(seq 1 60); do
        docker info >/dev/null 2>&1 && { info "dockerd: up after ${i}x0.5s"; return 0; }
        sleep 0.5
    done
    die "dockerd did not start within 30 s; see $SKIFF_STATE_DIR/dockerd.log"
}

ensure_swarm() {
    local state
    state=$(docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null)
    case "$state" in
        active) info "swarm: this node is in a swarm" ;;
        *) info "swarm: initialising a single-node swarm"
           docker swarm init --advertise-addr 127.0.0.1 >/dev/null || die "docker swarm init failed" ;;
    esac
    [ "$(docker info --format '{{.Swarm.ControlAvailable}}')" = "true" ] \
        || die "this node is a swarm worker; run bin/up on a manager node"
}

# A nats-server on 127.0.0.1:4222 with JetStream, for tests that use NATS on the host.
ensure_nats() {
    if (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null; then info "nats-server: listening on 127.0.0.1:4222"; return 0; fi
    mkdir -p "$SKIFF_STATE_DIR/nats"
    start_daemon "$SKIFF_STATE_DIR/nats.log" /usr/sbin/nats-server -a 127.0.0.1 -p 4222 -m 8222 -js -sd "$SKIFF_STATE_DIR/nats"
    echo $! > "$SKIFF_STATE_DIR/nats.pid"
    local i
    for i in $(seq 1 20); do
        (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null && { info "nats-server: started on 127.0.0.1:4222"; return 0; }
        sleep 0.25
    done
    die "nats-server did not start; see $SKIFF_STATE_DIR/nats.log"
}

# Deploys stack.yml as stack $1 and waits until its gateway runs the image in $GATEWAY_IMAGE and answers
# on $GATEWAY_PORT: right after an update the old gateway may still answer for a moment.
deploy_stack() {
    local stack=$1 i
    # Without a registry the CLI warns per service that it cannot record a digest: expected here, so
    # only the lines saying what changed are shown.
    docker stack deploy -c stack.yml "$stack" 2>&1 | grep -E '^(Creating|Updating|Removing)' | sed 's/^/    /' || true
    info "waiting for the gateway ($GATEWAY_IMAGE) on 127.0.0.1:$GATEWAY_PORT"
    for i in $(seq 1 240); do
        if docker service ps "${stack}_gateway" --filter desired-state=running --format '{{.Image}} {{.CurrentState}}' \
                | grep -q "^$GATEWAY_IMAGE Running" \
            && curl -fsS -o /dev/null "http://127.0.0.1:$GATEWAY_PORT/healthz" 2>/dev/null; then
            info "gateway healthy"
            return 0
        fi
        sleep 0.5
    done
    docker service ps "${stack}_gateway" --no-trunc | head -5 >&2
    die "the gateway did not answer within 120 s; see: docker service logs ${stack}_gateway"
}
