#!/usr/bin/env bash
# Builds the base images the function templates default to, each only when missing (they are cached in
# dockerd; --rebuild builds them again). Nothing is pulled: Debian comes from debootstrap, Python and
# Node.js from apt-get inside docker build.
#
#   images/bases.sh [--rebuild] [debian|python3|node|all]...     (default: all)
#
#   skiff/debian:bookworm    Debian 12 minbase, user app (1000)       ~73 MB, ~35 s
#   skiff/python3:bookworm   + python3 (3.11)                         ~117 MB, ~10 s
#   skiff/node:bookworm      + nodejs (18)                            ~172 MB, ~10 s
#
# The Java template's runtime is the watchdog image (images/build.sh), which carries the JRE.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
DEBIAN_IMAGE=skiff/debian:bookworm
PYTHON_IMAGE=skiff/python3:bookworm
NODE_IMAGE=skiff/node:bookworm

rebuild=false
wanted=()
for arg in "$@"; do
    case $arg in
        --rebuild) rebuild=true ;;
        debian|python3|node|all) wanted+=("$arg") ;;
        *) echo "usage: images/bases.sh [--rebuild] [debian|python3|node|all]..." >&2; exit 2 ;;
    esac
done
[ ${#wanted[@]} -gt 0 ] || wanted=(all)

# With --rebuild, an image is rebuilt once per run, not again for each image built on it.
built_now=" "
present() {
    case $built_now in *" $1 "*) return 0 ;; esac
    ! $rebuild && docker image inspect "$1" >/dev/null 2>&1
}

# A lock, so that parallel `faas-cli build` runs do not debootstrap twice.
exec 9>"/tmp/skiff-bases.lock"
flock 9

debian() {
    if present "$DEBIAN_IMAGE"; then echo "    $DEBIAN_IMAGE is present"; return; fi
    "$here/debian/build.sh" "$DEBIAN_IMAGE"
    built_now+="$DEBIAN_IMAGE "
}

# Builds image $1 from images/$2/Dockerfile on the Debian base.
on_debian() {
    local tag=$1 dir=$2
    if present "$tag"; then echo "    $tag is present"; return; fi
    debian
    echo "    building $tag (apt-get inside docker build)"
    local log="/tmp/skiff-bases-$dir.log"
    docker build -q -t "$tag" --build-arg "BASE=$DEBIAN_IMAGE" "$here/$dir" >"$log" 2>&1 \
        || { cat "$log" >&2; echo "error: docker build of $tag failed" >&2; exit 1; }
    echo "    built $tag ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%d MB", $1/1000000}'))"
    built_now+="$tag "
}

for w in "${wanted[@]}"; do
    case $w in
        debian) debian ;;
        python3) on_debian "$PYTHON_IMAGE" python ;;
        node) on_debian "$NODE_IMAGE" node ;;
        all) debian; on_debian "$PYTHON_IMAGE" python; on_debian "$NODE_IMAGE" node ;;
    esac
done
