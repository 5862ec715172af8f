#!/usr/bin/env bash
# Removes the platform's images that nothing uses any more, so that rebuilding after each update does not
# fill the disk: every build tags its images by content (images/build.sh), and the old tags stay behind.
#
#   images/prune.sh [MIN_AGE_HOURS]      (default 24; bin/up runs it after a deploy)
#
# A content tag skiff/NAME:VERSION-ID is removed only when all of these hold:
#   - it is not the current build's (images/target/images.env) nor the plain skiff/NAME:VERSION tag;
#   - no container uses it, running or stopped, and no swarm service names it: a function scaled to
#     zero has no container, but must still find its image when it wakes (no registry to pull from);
#   - it was built more than MIN_AGE_HOURS ago, so that a build made by a concurrent run is left alone.
# Then the untagged images left behind by rebuilds are pruned (docker image prune, dangling only).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
min_age_hours=${1:-24}
case $min_age_hours in ''|*[!0-9]*) echo "usage: images/prune.sh [MIN_AGE_HOURS]" >&2; exit 2 ;; esac

current=$(cut -d= -f2 "$here/target/images.env" 2>/dev/null || true)
in_use=$( { docker ps -a --format '{{.Image}}'; docker service ls --format '{{.Image}}' | sed 's/@sha256:.*//'; } | sort -u)
now=$(date +%s)
removed=0
for name in gateway watchdog queue-worker nats; do
    for tag in $(docker images "skiff/$name" --format '{{.Repository}}:{{.Tag}}' | grep -E ':[^:]+-[0-9a-f]{12}$' || true); do
        grep -qxF "$tag" <<< "$current" && continue
        grep -qxF "$tag" <<< "$in_use" && continue
        created=$(date -d "$(docker image inspect -f '{{.Created}}' "$tag")" +%s)
        [ $(( now - created )) -lt $(( min_age_hours * 3600 )) ] && continue
        docker rmi "$tag" >/dev/null 2>&1 && removed=$((removed + 1)) || true
    done
done
dangling=$(docker image prune -f 2>/dev/null | grep -c '^deleted:' || true)
echo "    images: removed $removed old tags and $dangling untagged layers"
