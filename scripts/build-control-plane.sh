#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kubectl and etcd from their Go
# modules at pinned versions and caches them outside the clone, so later runs only
# start them. Prints the cache folder on its last line.
#
#   K8S_VERSION   (default 1.34.4)   ETCD_VERSION (default 3.6.4)
#   COUNTERSIGN_CACHE (default ~/.cache/countersign)
set -euo pipefail

k8s_version="${K8S_VERSION:-1.34.4}"
etcd_version="${ETCD_VERSION:-3.6.4}"
cache_root="${COUNTERSIGN_CACHE:-$HOME/.cache/countersign}"
out="$cache_root/k8s-v$k8s_version"
binaries=(kube-apiserver kube-controller-manager kubectl etcd)

have_all() {
  for b in "${binaries[@]}"; do [ -x "$out/$b" ] || return 1; done
}
if have_all; then
  echo "$out"
  exit 0
fi

# Test files that start in parallel on a fresh machine may all ask for a build: one
# builds, the others wait for it and then find the binaries.
mkdir -p "$out"
if command -v flock >/dev/null; then
  exec 9>"$out/.build.lock"
  flock 9
  if have_all; then
    echo "$out"
    exit 0
  fi
fi
command -v go >/dev/null || { echo "build-control-plane: go is not on PATH (try /usr/local/go/bin)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
staging_minor="0.${k8s_version#1.}"   # 1.34.4 -> 0.34.4

# k8s.io/kubernetes pins its staging modules at v0.0.0 and replaces them with local
# folders, so a consumer must replace each one with its published version.
mkdir -p "$work/k8s"
cd "$work/k8s"
cat >go.mod <<MOD
module countersign.local/controlplane

go 1.24
MOD
cat >tools.go <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
go mod edit -require="k8s.io/kubernetes@v$k8s_version"
upstream_mod="$(go mod download -json "k8s.io/kubernetes@v$k8s_version" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
grep -oE '^\s*k8s\.io/[a-z0-9-]+ => \./staging/src/k8s\.io/[a-z0-9-]+' "$upstream_mod" \
  | awk '{print $1}' | sort -u | while read -r m; do
    go mod edit -replace="$m=$m@v$staging_minor"
  done
go mod tidy -e >/dev/null 2>&1 || true
export CGO_ENABLED=0
for cmd in kube-apiserver kube-controller-manager kubectl; do
  echo "build-control-plane: building $cmd $k8s_version" >&2
  go build -tags tools -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v$k8s_version -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$(echo "$k8s_version" | cut -d. -f2)" -o "$out/$cmd" "k8s.io/kubernetes/cmd/$cmd"
done

mkdir -p "$work/etcd"
cd "$work/etcd"
cat >go.mod <<MOD
module countersign.local/etcd

go 1.24
MOD
cat >main.go <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
go mod edit -require="go.etcd.io/etcd/server/v3@v$etcd_version"
go mod tidy >/dev/null
echo "build-control-plane: building etcd $etcd_version" >&2
go build -trimpath -ldflags "-s -w" -o "$out/etcd" .

have_all || { echo "build-control-plane: a binary is missing from $out" >&2; exit 1; }
echo "$out"
