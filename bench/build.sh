#!/usr/bin/env bash
# `berth build` benchmark (issue #4): FROM busybox, 10 RUN steps, then COPY of a 50 MB file.
# Cases: cold (empty build cache), fully cached rebuild, rebuild after changing the last RUN.
# Prints the median of N runs per case beside BuildKit's times measured on this host (docker 20.10,
# BuildKit: 4.32 s, 0.154 s, 0.852 s) and the ratio; the goal is <= 0.5x on each.
#
#   bench/build.sh [N]      N runs per case (default 5). Needs root. BERTH=path to the binary
#                           (default build/bin/berth). Uses a private root, removed at the end.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "bench/build.sh must run as root" >&2; exit 1; }
RUNS=${1:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
BERTH=${BERTH:-$REPO/build/bin/berth}
WORK=$(mktemp -d /tmp/berth-bench-build.XXXXXX)
export BERTH_ROOT=$WORK/root BERTH_RUNROOT=/run/berth/roots/bench-build-$$
cleanup() { rm -rf "$WORK" "$BERTH_RUNROOT"; rmdir /sys/fs/cgroup/*/berth-bench-build-$$ /sys/fs/cgroup/berth-bench-build-$$ 2>/dev/null || true; }
trap cleanup EXIT

"$REPO/examples/busybox-rootfs.sh" "$WORK/busybox.tar" >/dev/null
"$BERTH" import "$WORK/busybox.tar" busybox >/dev/null
CTX=$WORK/ctx
mkdir -p "$CTX"
head -c $((50 << 20)) /dev/urandom >"$CTX/big.bin"
dockerfile() {
  { echo "FROM busybox"
    for i in $(seq 1 9); do echo "RUN echo step $i > /step$i"; done
    echo "RUN echo last $1 > /last"
    echo "COPY big.bin /big.bin"; } >"$CTX/Dockerfile"
}

now() { date +%s.%N; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN {print a - b}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
build() { "$BERTH" build -q -t bench "$CTX" >/dev/null; }

cold=() cached=() changed=()
for r in $(seq 1 "$RUNS"); do
  dockerfile 0
  "$BERTH" rmi -f bench >/dev/null 2>&1 || true
  "$BERTH" builder prune -f >/dev/null
  sync
  t0=$(now); build; t1=$(now); cold+=("$(sub "$t1" "$t0")")
  t0=$(now); build; t1=$(now); cached+=("$(sub "$t1" "$t0")")
  dockerfile "$r"
  t0=$(now); build; t1=$(now); changed+=("$(sub "$t1" "$t0")")
done

row() {
  local name=$1 kit=$2; shift 2
  local m; m=$(printf '%s\n' "$@" | median)
  printf '| %-22s | %8.3f s | %8.3f s | %5.2fx |\n' "$name" "$m" "$kit" "$(awk -v a="$m" -v b="$kit" 'BEGIN {print a / b}')"
}
echo "| case ($RUNS runs, median)  | berth      | BuildKit   | ratio |"
echo "|------------------------|------------|------------|-------|"
row "cold" 4.32 "${cold[@]}"
row "fully cached" 0.154 "${cached[@]}"
row "last RUN changed" 0.852 "${changed[@]}"
