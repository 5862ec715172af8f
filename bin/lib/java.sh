# Sourced by the bin/ scripts: sets JAVA_HOME to a JDK >= 21 and puts it first on PATH.
# Order: $JAVA_HOME if it is new enough, then the newest JDK under /usr/lib/jvm.

java_major() {
    # Prints the feature version of the java binary $1 ("25" for 25.0.3, "1" never happens past 8).
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -1
}

find_jdk() {
    local candidate major best="" best_major=0
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
        major=$(java_major "$JAVA_HOME/bin/java")
        if [ "${major:-0}" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
    fi
    for candidate in /usr/lib/jvm/*; do
        [ -x "$candidate/bin/javac" ] && [ ! -L "$candidate" ] || continue
        major=$(java_major "$candidate/bin/java")
        if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best="$candidate"; best_major="$major"
        fi
    done
    [ -n "$best" ] && echo "$best"
}

JAVA_HOME=$(find_jdk) || true
if [ -z "$JAVA_HOME" ]; then
    echo "error: no JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*)." >&2
    echo "       Install one (for example Temurin 25 under /usr/lib/jvm) or set JAVA_HOME to it." >&2
    exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
