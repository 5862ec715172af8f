#!/bin/sh
# Image build: runs the watchdog once through /app/fwatchdog, with the flags it will run with, serves
# a few fork-mode calls and a metrics scrape, and stops it with SIGTERM, so the JVM writes
# /app/watchdog.aot holding every class that start-up and a call use.
set -eu
export fprocess=cat healthcheck_interval=0 write_timeout=1s WATCHDOG_AOT_TRAIN=1
/app/fwatchdog & pid=$!
i=0
until wget -q -O /dev/null http://127.0.0.1:8080/_/ready 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 400 ] || { echo "the watchdog did not get ready" >&2; exit 1; }
    usleep 25000
done
for call in 1 2 3; do
    echo train | wget -q -O /dev/null --post-file=/dev/stdin http://127.0.0.1:8080/
done
wget -q -O /dev/null http://127.0.0.1:8081/metrics
kill -TERM $pid
wait $pid
test -s /app/watchdog.aot
