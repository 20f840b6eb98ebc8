#!/usr/bin/env bash
# Image interchange, side by side with docker: load and save of an image with a 200 MB layer,
# layer unpack against GNU tar extracting the same layer, and commit of a 100 MB change.
#
#   bench/images.sh [RUNS]     (default 3; needs root, docker.io and busybox-static)
#
# Private roots for berth (/var/lib/berth-bench-img) and for a private dockerd (no bridge, no
# iptables, its own socket), all removed at the end. Each figure is the best of RUNS, in seconds.
# The table is also written to bench/results/images.md (gitignored).
set -euo pipefail
RUNS=${1:-3}
[ "$(id -u)" = 0 ] || { echo "bench/images.sh must run as root" >&2; exit 1; }
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
BERTH=${BERTH:-$REPO/build/bin/berth}
DOCKER=/usr/bin/docker
export BERTH_ROOT=/var/lib/berth-bench-img BERTH_RUNROOT=/run/berth-bench-img
WORK=$(mktemp -d /var/tmp/berth-bench-img.XXXXXX)
DROOT=$WORK/docker-root
DEXEC=/run/bbi-$$
DPID=
d() { "$DOCKER" -H "unix://$DEXEC/docker.sock" "$@"; }
cleanup() {
  set +e
  ids=$("$BERTH" ps -aq 2>/dev/null); [ -z "$ids" ] || "$BERTH" rm -f $ids >/dev/null 2>&1
  if [ -n "$DPID" ]; then kill "$DPID"; wait "$DPID" 2>/dev/null; fi
  grep -oE " ($DROOT|$DEXEC)[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m"; done
  rm -rf "$BERTH_ROOT" "$BERTH_RUNROOT" "$WORK" "$DEXEC"
  for c in /sys/fs/cgroup/*/berth-berth-bench-img /sys/fs/cgroup/berth-berth-bench-img; do [ -d "$c" ] && rmdir "$c"; done
}
trap cleanup EXIT
rm -rf "$BERTH_ROOT" "$BERTH_RUNROOT"
mkdir -p "$DROOT" "$DEXEC"
dockerd --iptables=false --ip-masq=false --ip-forward=false --bridge=none --data-root "$DROOT" --exec-root "$DEXEC" \
  --pidfile "$DEXEC/dockerd.pid" -H "unix://$DEXEC/docker.sock" >"$WORK/dockerd.log" 2>&1 &
DPID=$!
for _ in $(seq 100); do d version >/dev/null 2>&1 && break; sleep 0.2; done

# best TIME of RUNS: best "label" command... (a setup command may run before each: BEFORE="...")
best() {
  local label=$1; shift
  local min=
  for _ in $(seq "$RUNS"); do
    [ -z "${BEFORE:-}" ] || eval "$BEFORE"
    sync
    local start end
    start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N)
    min=$(echo "$start $end ${min:-999999}" | awk '{t=$2-$1; print (t<$3)?t:$3}')
  done
  printf '%-44s %8.2f\n' "$label" "$min" | tee -a "$WORK/table"
}

"$REPO/examples/busybox-rootfs.sh" "$WORK/bb.tar"
"$BERTH" import "$WORK/bb.tar" busybox >/dev/null
d import "$WORK/bb.tar" busybox >/dev/null
# A 200 MB layer: 200 files of 1 MB of random data (incompressible, like most real payloads).
"$BERTH" run --name big busybox sh -c 'mkdir /payload && for i in $(seq 200); do head -c 1048576 /dev/urandom > /payload/f$i; done'
"$BERTH" commit big bench/big:1 >/dev/null
"$BERTH" rm big >/dev/null
"$BERTH" save -o "$WORK/big.tar" bench/big:1
d load -i "$WORK/big.tar" >/dev/null

: >"$WORK/table"
BEFORE='{ "$BERTH" rmi bench/big:1 || true; } >/dev/null 2>&1; "$BERTH" image prune -f >/dev/null' best "berth load (200 MB layer)" "$BERTH" load -i "$WORK/big.tar"
BEFORE='{ d rmi bench/big:1 || true; } >/dev/null 2>&1' best "docker load (same archive)" d load -i "$WORK/big.tar"
best "berth save" "$BERTH" save -o "$WORK/out-berth.tar" bench/big:1
best "docker save" d save -o "$WORK/out-docker.tar" bench/big:1

# Unpack: the 200 MB layer itself, extracted by GNU tar, and imported by berth (blob stored, then
# unpacked: twice the bytes written). Both include a final sync, so page-cache writeback counts for both.
LAYER=$WORK/layer.tar
tar -xOf "$WORK/big.tar" "$(tar -xOf "$WORK/big.tar" manifest.json | grep -oE 'blobs/sha256/[0-9a-f]+"\]' | tr -d '"]')" >"$LAYER"
BEFORE='rm -rf "$WORK/x"; mkdir "$WORK/x"' best "GNU tar -x of the layer, + sync" sh -c 'tar -xf "$1" -C "$2" && sync' - "$LAYER" "$WORK/x"
BEFORE='"$BERTH" image prune -f >/dev/null' best "berth import of the layer (store + unpack), + sync" sh -c '"$1" import "$2" && sync' - "$BERTH" "$LAYER"
# What import spends storing the blob, to subtract for unpack alone.
BEFORE='rm -f "$WORK/copy"' best "  of which storing the blob (dd, fsync)" dd if="$LAYER" of="$WORK/copy" bs=1M conv=fsync status=none

# Commit of a 100 MB change.
BEFORE='{ "$BERTH" rm -f bench-c || true; } >/dev/null 2>&1; "$BERTH" image prune -f >/dev/null; "$BERTH" run --name bench-c busybox sh -c "head -c 104857600 /dev/urandom > /change"' \
  best "berth commit (100 MB change)" "$BERTH" commit bench-c
BEFORE='{ d rm -f bench-c || true; } >/dev/null 2>&1; d image prune -f >/dev/null; d run --network none --name bench-c busybox sh -c "head -c 104857600 /dev/urandom > /change"' \
  best "docker commit (100 MB change)" d commit bench-c

mkdir -p "$HERE/results"
{ echo "| step | seconds (best of $RUNS) |"; echo "|---|---|"; awk '{t=$NF; $NF=""; printf "| %s | %s |\n", $0, t}' "$WORK/table"; } >"$HERE/results/images.md"
