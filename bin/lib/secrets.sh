#!/usr/bin/env bash
# Makes sure the gateway's admin credentials exist: generated once into DIR, then kept.
#   bin/lib/secrets.sh DIR STACK
set -euo pipefail
dir=$1 stack=$2
mkdir -p "$dir"
chmod 700 "$dir"
if [ ! -s "$dir/basic-auth-password" ]; then
    if docker secret inspect "${stack}_basic-auth-password" >/dev/null 2>&1; then
        echo "error: the stack $stack has a password secret but $dir/basic-auth-password is gone." >&2
        echo "       Swarm secrets cannot be read back. Remove the stack to start afresh:" >&2
        echo "       docker stack rm $stack   (then run this again)" >&2
        exit 1
    fi
    printf 'admin' > "$dir/basic-auth-user"
    # 24 characters from the kernel's random source, shell- and URL-safe.
    head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24 > "$dir/basic-auth-password"
    chmod 600 "$dir/basic-auth-user" "$dir/basic-auth-password"
    echo "    generated admin credentials in $dir"
else
    echo "    admin credentials: $dir (kept)"
fi
