#!/usr/bin/env bash
# The platform the scaling benchmarks talk to, for cold-start.sh, deploy.sh, spec-variants.sh and
# step-load.sh (sourced, not run; the caller sets `repo`):
#   GATEWAY           the gateway's URL (http://127.0.0.1:8080, bin/up's)
#   GATEWAY_SERVICE   its swarm service, whose log holds the readiness lines (func_gateway)
#   PASSWORD_FILE     the admin password (.secrets/basic-auth-password)
#   IMAGE             the functions' image (the watchdog image of images/target/images.env)
# and gives: auth (curl's credentials), now_ms, remove_function NAME.
GATEWAY=${GATEWAY:-http://127.0.0.1:8080}
GATEWAY_SERVICE=${GATEWAY_SERVICE:-func_gateway}
PASSWORD_FILE=${PASSWORD_FILE:-$repo/.secrets/basic-auth-password}
if [ -z "${IMAGE:-}" ]; then
    # shellcheck disable=SC1091
    source "$repo/images/target/images.env"
    IMAGE=$WATCHDOG_IMAGE
fi
# shellcheck disable=SC2034 # used by the scripts that source this file
auth=(-u "admin:$(cat "$PASSWORD_FILE")")
now_ms() { date +%s%3N; }
remove_function() {  # name -> deleted through the gateway; a function already gone is not an error
    curl -sS "${auth[@]}" -X DELETE "$GATEWAY/system/functions" -o /dev/null -d "{\"functionName\":\"$1\"}" || true
}
