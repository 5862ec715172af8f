#!/usr/bin/env bash
# Builds every platform image from local material only: the local JDK (jlink), Debian's
# busybox-static and nats-server, and the jars Maven built. Nothing is pulled from a registry.
#
#   images/build.sh            build all images, tagged skiff/NAME:VERSION
#   images/build.sh watchdog   build only the named ones (jre, watchdog, gateway, queue-worker, nats)
#
# Needs: dockerd running, the Maven build done (mvn package), busybox-static and nats-server installed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
source "$repo/bin/lib/java.sh"

VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$repo/pom.xml" | head -1)
work="$here/target"
mkdir -p "$work"

# The Java modules the gateway, the watchdog and their libraries use (checked with jdeps).
JRE_MODULES=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs

# Copies an ELF binary's shared libraries and the dynamic loader into a root filesystem.
copy_shared_libs() {
    local rootfs=$1; shift
    local lib
    # ldd prints "name => /path (addr)" or "/path (addr)" for the loader; other lines are headers.
    for lib in $(ldd "$@" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $2 ~ /^\(/ {print $1}' | sort -u); do
        case $lib in "$rootfs"/*) continue ;; esac # the JRE's own libraries, found through its rpath
        mkdir -p "$rootfs$(dirname "$lib")"
        cp -L "$lib" "$rootfs$lib"
    done
}

# A minimal root filesystem: /tmp, users, name resolution.
base_rootfs() {
    local rootfs=$1
    mkdir -p "$rootfs"/{etc,tmp,bin}
    chmod 1777 "$rootfs/tmp"
    echo 'root:x:0:0:root:/root:/bin/sh' > "$rootfs/etc/passwd"
    echo 'app:x:1000:1000:app:/home/app:/bin/sh' >> "$rootfs/etc/passwd"
    printf 'root:x:0:\napp:x:1000:\n' > "$rootfs/etc/group"
    echo 'hosts: files dns' > "$rootfs/etc/nsswitch.conf"
}

# Builds image $1 from context $2 unless an image with the same inputs exists already.
build_image() {
    local tag=$1 context=$2; shift 2
    echo "    building $tag"
    docker build -q -t "$tag" "$@" "$context" >/dev/null 2>"$work/build-$(echo "$tag" | tr '/:' '__').log" \
        || { cat "$work/build-$(echo "$tag" | tr '/:' '__').log" >&2; echo "error: docker build of $tag failed" >&2; exit 1; }
}

build_jre() {
    local ctx="$work/jre"
    local stamp="$ctx/.inputs"
    local inputs="$JAVA_HOME $(readlink -f "$JAVA_HOME/bin/java") $JRE_MODULES $(md5sum "$here/jre/Dockerfile" "$0" | md5sum)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs" ] && docker image inspect "skiff/jre:$VERSION" >/dev/null 2>&1; then
        echo "    skiff/jre:$VERSION is up to date"; return 0
    fi
    rm -rf "$ctx"; mkdir -p "$ctx/rootfs/opt"
    base_rootfs "$ctx/rootfs"
    echo "    jlink: $JRE_MODULES"
    jlink --add-modules "$JRE_MODULES" --strip-debug --no-header-files --no-man-pages \
          --generate-cds-archive --output "$ctx/rootfs/opt/java" >/dev/null
    rm -f "$ctx/rootfs/opt/java/lib/server/classes_nocoops.jsa"
    copy_shared_libs "$ctx/rootfs" "$ctx"/rootfs/opt/java/bin/* "$ctx"/rootfs/opt/java/lib/*.so "$ctx"/rootfs/opt/java/lib/server/*.so
    pack_relocations "$ctx/rootfs"
    cp /bin/busybox "$ctx/rootfs/bin/busybox"
    cp "$here/jre/Dockerfile" "$ctx/"
    build_image "skiff/jre:$VERSION" "$ctx"
    echo "$inputs" > "$stamp"
}

# An application image: the jre image plus a jar and its lib/ folder.
build_app() {
    local name=$1 jar=$2
    local ctx="$work/$name"
    [ -f "$jar" ] || { echo "error: $jar is missing: run mvn package first" >&2; exit 1; }
    rm -rf "$ctx"; mkdir -p "$ctx/app"
    cp "$jar" "$ctx/app/"
    cp -r "$(dirname "$jar")/lib" "$ctx/app/lib"
    cp "$here/$name/Dockerfile" "$ctx/"
    build_image "skiff/$name:$VERSION" "$ctx" --build-arg "BASE=skiff/jre:$VERSION"
}

# libjvm's 124,000 relative relocations as RELR instead of RELA (images/pack-relocations.py): 2.9 MB less
# read at start and resident in every JVM (watchdog/README.md), if the image's glibc reads DT_RELR (2.36+).
pack_relocations() {
    local rootfs=$1 libc
    libc=$(find "$rootfs" -name libc.so.6 -path "*/lib*" 2>/dev/null | head -1)
    if [ -z "$libc" ] || ! grep -q GLIBC_ABI_DT_RELR "$libc"; then
        echo "    note: this glibc predates DT_RELR (2.36): libjvm.so keeps its RELA relocations (2.9 MB more RSS)"
        return 0
    fi
    python3 "$here/pack-relocations.py" "$rootfs/opt/java/lib/server/libjvm.so"
}

# The watchdog's own JRE: the modules it uses (jdeps): jdk.httpserver (its server); java.net.http and
# java.logging stay for inproc handlers and their libraries (functions call other services). Not
# java.management (0.6 MB): nothing the watchdog runs uses it (jdeps names two Helidon classes that http
# mode never loads: a thread pool's event log and CRaC support). Modules file compressed
# (uncompressed: +16 MB, and start-up reads its classes from the AOT cache anyway), libjvm's symbol
# table stripped (crash reports then show addresses, not names) and its unwind tables too (below),
# tools other than java left out; no CDS archive, as the image's AOT cache holds those classes.
WATCHDOG_JRE_MODULES=java.base,java.logging,java.net.http,jdk.httpserver

# The watchdog image: FROM scratch, this JRE at /opt/java, busybox, tini and the watchdog under /app
# (launcher /app/fwatchdog), and an AOT cache trained during the build (images/watchdog/Dockerfile).
build_watchdog() {
    local ctx="$work/watchdog" jar="$repo/watchdog/target/watchdog.jar"
    [ -f "$jar" ] || { echo "error: $jar is missing: run mvn package first" >&2; exit 1; }
    [ -x /usr/bin/tini ] || { echo "error: /usr/bin/tini is missing: apt-get install tini" >&2; exit 1; }
    rm -rf "$ctx"; mkdir -p "$ctx/rootfs/opt" "$ctx/app"
    base_rootfs "$ctx/rootfs"
    jlink --add-modules "$WATCHDOG_JRE_MODULES" --strip-debug --no-header-files --no-man-pages \
          --compress zip-6 --output "$ctx/rootfs/opt/java" >/dev/null
    # keytool, jwebserver and friends; the class list and jrt-fs.jar serve only CDS dumps and jimage tools;
    # libsimdsort (0.27 MB) only speeds up Arrays.sort of large primitive arrays (without it the JVM
    # sorts in Java, silently), and libjsig and jexec serve embedders and `java -jar` by binfmt
    find "$ctx/rootfs/opt/java/bin" -type f ! -name java -delete
    rm -f "$ctx/rootfs/opt/java/lib/classlist" "$ctx/rootfs/opt/java/lib/jrt-fs.jar" \
          "$ctx"/rootfs/opt/java/lib/{libsimdsort.so,libjsig.so,jexec} "$ctx/rootfs/opt/java/lib/server/libjsig.so"
    if command -v strip >/dev/null; then
        strip --strip-unneeded "$ctx/rootfs/opt/java/lib/server/libjvm.so" "$ctx"/rootfs/opt/java/lib/*.so \
              "$ctx/rootfs/opt/java/bin/java"
        # libjvm's DWARF unwind tables (.eh_frame and its index, 2.2 MB): only an unwinder reads them,
        # and none runs in this image. HotSpot is built without C++ exceptions, walks its own and
        # Java frames itself (crash reports and thread dumps are the same without them: checked with
        # kill -SEGV and kill -QUIT), and libgcc_s, which glibc's pthread_cancel and backtrace() would
        # load to unwind, is not in the image. What goes: native frames of libjvm in a debugger's
        # or a DWARF-mode profiler's stack (gdb, perf --call-graph dwarf); frame-pointer walking stays.
        objcopy --remove-section=.eh_frame --remove-section=.eh_frame_hdr --remove-section=.gcc_except_table \
                "$ctx/rootfs/opt/java/lib/server/libjvm.so"
    else
        echo "    note: no strip (binutils): libjvm.so keeps its symbols, the image is ~5 MB larger"
    fi
    copy_shared_libs "$ctx/rootfs" "$ctx"/rootfs/opt/java/bin/* "$ctx"/rootfs/opt/java/lib/*.so \
        "$ctx"/rootfs/opt/java/lib/server/*.so /usr/bin/tini
    pack_relocations "$ctx/rootfs"
    # Busybox lives in /app (with /bin links to it), so a template that copies /app onto another base
    # also gets the wget that the swarm health check runs. The static one: Debian's dynamically linked
    # busybox is 1.2 MB smaller, but each exec of it links glibc first: ~0.25 ms more CPU per fork-mode
    # call when the function is a busybox command (cat, 2026-11-24 09:23, in watchdog/README.md).
    cp /bin/busybox "$ctx/app/busybox"
    cp "$jar" "$ctx/app/"
    # The jars the manifest's Class-Path names (Helidon's WebClient, for http mode), not whatever else
    # an earlier build left in target/lib; and /app/inproc, which only inproc mode loads (the inproc
    # package and the function-runtime API, with the function's jars: watchdog/README.md, "inproc mode").
    mkdir -p "$ctx/app/lib"
    local entry
    for entry in $(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r' | sed -n '/^Class-Path:/,/^[^ C]/p' \
                   | sed -e 's/^Class-Path: //' -e 's/^ //' -e '/^[A-Z][A-Za-z-]*: /d' | tr -d '\n'); do
        cp "$(dirname "$jar")/$entry" "$ctx/app/lib/"
    done
    cp -r "$(dirname "$jar")/inproc" "$ctx/app/inproc"
    cp /usr/bin/tini "$here/watchdog/fwatchdog" "$ctx/app/"
    cp "$here/watchdog/Dockerfile" "$here/watchdog/train-aot.sh" "$ctx/"
    build_image "skiff/watchdog:$VERSION" "$ctx"
}

build_nats() {
    local ctx="$work/nats"
    rm -rf "$ctx"; mkdir -p "$ctx/rootfs/data"
    base_rootfs "$ctx/rootfs"
    cp /usr/sbin/nats-server "$ctx/rootfs/nats-server"
    copy_shared_libs "$ctx/rootfs" /usr/sbin/nats-server
    cp "$here/nats/Dockerfile" "$ctx/"
    build_image "skiff/nats:$VERSION" "$ctx"
}

wanted=${*:-jre watchdog gateway queue-worker nats}
for name in $wanted; do
    case $name in
        jre|watchdog|gateway|queue-worker|nats) ;;
        *) echo "error: no image named $name (jre, watchdog, gateway, queue-worker, nats)" >&2; exit 2 ;;
    esac
done
wants() { case " $wanted " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
# The gateway and queue-worker images are built FROM the jre image, so it is always brought up to date.
build_jre
if wants watchdog; then build_watchdog; fi
if wants gateway; then build_app gateway "$repo/gateway/target/gateway.jar"; fi
if wants queue-worker; then build_app queue-worker "$repo/queue-worker/target/queue-worker.jar"; fi
if wants nats; then build_nats; fi

# Each image also gets a tag naming its content, so that a stack deploy or a function update sees a
# changed spec (and rolls the service) exactly when the image changed; bin/up and bin/test read this file.
{
    for name in gateway nats watchdog queue-worker; do
        docker image inspect "skiff/$name:$VERSION" >/dev/null 2>&1 || continue
        id=$(docker image inspect -f '{{.Id}}' "skiff/$name:$VERSION" | sed 's/^sha256://' | cut -c1-12)
        docker tag "skiff/$name:$VERSION" "skiff/$name:$VERSION-$id"
        echo "$(echo "$name" | tr a-z- A-Z_)_IMAGE=skiff/$name:$VERSION-$id"
    done
} > "$work/images.env"
echo "    images: $(tr '\n' ' ' < "$work/images.env")"
