#!/usr/bin/env bash
# Installs what the test suite needs beyond npm packages, on a Debian machine:
# redis-server (tests start private ones), Debian's Chromium (browser tests drive it
# with playwright-core; no browser download), the Kubernetes control plane, helm and
# promtool built from Go modules (cached in ~/.cache/countersign, so only the first run
# builds).
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "test-deps: installing ${missing[*]} from Debian's packages" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v go >/dev/null || { echo "test-deps: Go is needed to build kube-apiserver and etcd (expected at /usr/local/go/bin)" >&2; exit 1; }
scripts/build-control-plane.sh >/dev/null
scripts/build-go-tools.sh helm promtool >/dev/null
echo "test-deps: redis-server, chromium, the control plane, helm and promtool are ready" >&2
