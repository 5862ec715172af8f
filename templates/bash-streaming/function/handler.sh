#!/usr/bin/env bash
# One call: the request body is on stdin, the answer goes to stdout (streamed as it is written).
# Request details are in Http_Method, Http_Path, Http_Query and Http_<Header> variables.
set -euo pipefail
name=$(cat)
echo "Hello, ${name:-world}"
