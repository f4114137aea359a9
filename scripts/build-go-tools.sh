#!/usr/bin/env bash
# Builds the Go command-line tools the chart and alert tests run, from their Go modules
# at pinned versions, and caches them outside the clone (like build-control-plane.sh):
#   helm      helm.sh/helm/v4/cmd/helm                      HELM_VERSION     (default v4.3.2)
#   promtool  github.com/prometheus/prometheus/cmd/promtool PROMTOOL_VERSION (default v0.316.0)
# Usage: scripts/build-go-tools.sh [helm] [promtool]   (no argument: both). Prints the
# path of each binary, one a line. COUNTERSIGN_CACHE (default ~/.cache/countersign).
set -euo pipefail

cache_root="${COUNTERSIGN_CACHE:-$HOME/.cache/countersign}"
helm_version="${HELM_VERSION:-v4.3.2}"
promtool_version="${PROMTOOL_VERSION:-v0.316.0}"
tools=("$@")
[ "${#tools[@]}" -gt 0 ] || tools=(helm promtool)

build() { # name module version
  local name="$1" module="$2" version="$3"
  local out="$cache_root/$name-$version"
  if [ ! -x "$out/$name" ]; then
    mkdir -p "$out"
    # Parallel test files may ask at once: one builds, the others wait and find it.
    if command -v flock >/dev/null; then
      exec 8>"$out/.build.lock"
      flock 8
    fi
    if [ ! -x "$out/$name" ]; then
      command -v go >/dev/null || { echo "build-go-tools: go is not on PATH (try /usr/local/go/bin)" >&2; exit 1; }
      echo "build-go-tools: building $name $version" >&2
      CGO_ENABLED=0 GOBIN="$out" GOFLAGS=-trimpath go install "$module@$version"
    fi
    [ -x "$out/$name" ] || { echo "build-go-tools: $out/$name is missing after the build" >&2; exit 1; }
  fi
  echo "$out/$name"
}

for tool in "${tools[@]}"; do
  case "$tool" in
    helm) build helm helm.sh/helm/v4/cmd/helm "$helm_version" ;;
    promtool) build promtool github.com/prometheus/prometheus/cmd/promtool "$promtool_version" ;;
    *) echo "build-go-tools: unknown tool $tool (helm, promtool)" >&2; exit 2 ;;
  esac
done
