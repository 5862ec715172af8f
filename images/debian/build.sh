#!/usr/bin/env bash
# Builds skiff/debian:bookworm, the Debian base of the function templates, with no registry:
# debootstrap --variant=minbase from the mirror apt is configured with, slimmed, then `docker import`.
#
#   images/debian/build.sh TAG
#
# Needs root and debootstrap (apt-get install debootstrap). About 30 s; the result is about 73 MB.
set -euo pipefail
tag=${1:-skiff/debian:bookworm}
here=$(cd "$(dirname "$0")" && pwd)
work="$here/../target/debian"

# The mirror apt already uses (deb822 or one-line format), so the base matches the host's archive.
mirror() {
    local uri
    uri=$(sed -n 's/^URIs: *\(\S*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -1 || true)
    [ -n "$uri" ] || uri=$(awk '$1 == "deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
    echo "${uri:-http://deb.debian.org/debian}"
}

command -v debootstrap >/dev/null || { echo "error: debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "error: debootstrap needs root: run images/debian/build.sh as root" >&2; exit 1; }

m=$(mirror)
rm -rf "$work"; mkdir -p "$work"
rootfs="$work/rootfs"
echo "    debootstrap --variant=minbase bookworm from $m"
debootstrap --variant=minbase bookworm "$rootfs" "$m" > "$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; echo "error: debootstrap failed (log: $work/debootstrap.log)" >&2; exit 1; }
# The package lists and downloaded .debs are half the size; images that need packages run apt-get update.
# Translations of the base tools' messages are a third of minbase (33 MB in 91 languages); functions
# answer in C.UTF-8. locale.alias stays: setlocale() reads it.
find "$rootfs"/usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb \
       "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
# Packages installed later (python3, nodejs, a user's own apt-get) leave the same out, as Debian's
# slim images do; the copyright files stay.
cat > "$rootfs/etc/dpkg/dpkg.cfg.d/skiff-slim" <<'EXCLUDES'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EXCLUDES
security=${m%/debian}/debian-security
cat > "$rootfs/etc/apt/sources.list" <<LIST
deb $m bookworm main
deb $m bookworm-updates main
deb $security bookworm-security main
LIST
# The image user of every template: app (1000), home /home/app.
chroot "$rootfs" useradd --create-home --uid 1000 --shell /bin/sh app
tar -C "$rootfs" -c . | docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
    -c 'CMD ["/bin/bash"]' - "$tag" >/dev/null
rm -rf "$work"
echo "    built $tag ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%d MB", $1/1000000}'))"
