#!/usr/bin/env bash
# Registry benchmark on loopback: an image with one 200 MB random layer (incompressible), pushed and
# pulled by berth, docker (20.10) and skopeo, against berth's registry and distribution's
# (Debian's docker-registry). Pull times for berth and docker include unpacking the layer; docker also
# pulls berth's image (the same uncompressed layer berth pulls), besides its own (which docker push gzips).
# Also the registry servers' aggregate throughput and peak RSS while 16 curl clients GET the layer at
# once, ROUNDS times alternating between the servers (median throughput, highest peak).
#
#   bench/registry.sh [SIZE_MB]     default 200; prints a markdown table, writes bench/results/registry.md
#   PULLS=3: each pull is timed that many times, each into an empty store; the table has the median.
#
# Needs root, docker.io, docker-registry, skopeo, curl. Everything lives under a temp directory and a
# private dockerd (own data and exec roots, no bridge, no iptables), all removed at the end.
# BERTH=path to the berth binary (default build/bin/berth).
set -euo pipefail
SIZE_MB=${1:-200}
ROUNDS=${ROUNDS:-3}
PULLS=${PULLS:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
BERTH=${BERTH:-$REPO/build/bin/berth}
DOCKER=/usr/bin/docker
WORK=$(mktemp -d /tmp/berth-bench-registry-XXXXXX)
EXEC=/run/bd-bench-$$
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  umount -R "$EXEC" 2>/dev/null || true
  rm -rf "$WORK" "$EXEC" /run/berth/roots/bench-$$-*
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$1/v2/" && return 0; sleep 0.1; done; echo "port $1 never answered" >&2; exit 1; }
now() { date +%s.%N; }
mbps() { python3 -c "print(f'{$SIZE_MB/($2-$1):.0f}')"; }
secs() { python3 -c "print(f'{$2-$1:.2f}')"; }

# The servers.
BP=$(free_port); "$BERTH" registry serve --addr 127.0.0.1:$BP --root "$WORK/berth-registry" 2>"$WORK/berth-registry.log" & PIDS+=($!); BPID=$!
DP=$(free_port)
cat > "$WORK/dist.yml" <<YML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $WORK/dist}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$DP}
YML
docker-registry serve "$WORK/dist.yml" >"$WORK/dist.log" 2>&1 & PIDS+=($!); DPID=$!
wait_port $BP; wait_port $DP

# A private dockerd.
mkdir -p "$EXEC"
dockerd --iptables=false --ip-masq=false --ip-forward=false --bridge=none --data-root "$WORK/docker" --exec-root "$EXEC" \
  --pidfile "$EXEC/dockerd.pid" -H "unix://$EXEC/docker.sock" >"$WORK/dockerd.log" 2>&1 & PIDS+=($!)
D() { "$DOCKER" -H "unix://$EXEC/docker.sock" "$@"; }
for _ in $(seq 100); do D version >/dev/null 2>&1 && break; sleep 0.2; done

# Images: busybox plus SIZE_MB of random bytes, one uncompressed layer. Each tool pushes a layer of its
# own, so that no push finds its blob already in the registry (or mounts it from another repository).
layer() {
  rm -rf "$WORK/rootfs"; mkdir -p "$WORK/rootfs/bin"
  cp /bin/busybox "$WORK/rootfs/bin/busybox"; ln -s busybox "$WORK/rootfs/bin/sh"
  head -c "${SIZE_MB}M" /dev/urandom > "$WORK/rootfs/random"
  tar -C "$WORK/rootfs" -cf "$1" .
  rm -rf "$WORK/rootfs"
}
# skopeo's source: its dir: transport, written by hand (version file, manifest.json, blobs by hex).
skopeo_dir() {
  local dir=$1; mkdir -p "$dir"; layer "$dir/layer"
  local l; l=$(sha256sum "$dir/layer" | cut -d' ' -f1); mv "$dir/layer" "$dir/$l"
  printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"n":"%s"}' "$l" "$RANDOM$RANDOM" > "$dir/config"
  local c; c=$(sha256sum "$dir/config" | cut -d' ' -f1); mv "$dir/config" "$dir/$c"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%d}]}' \
    "$c" "$(stat -c %s "$dir/$c")" "$l" "$(stat -c %s "$dir/$l")" > "$dir/manifest.json"
  echo "Directory Transport Version: 1.1" > "$dir/version"
}
B() { BERTH_ROOT="$WORK/$1" BERTH_RUNROOT="/run/berth/roots/bench-$$-$1" DOCKER_CONFIG="$WORK/dc" "$BERTH" "${@:2}"; }

ROWS=()
row() { ROWS+=("| $1 | $2 | $3 s | $4 MB/s |"); echo "$1 / $2: $3 s, $4 MB/s" >&2; }
timed() { local what=$1 target=$2; shift 2; local t0; t0=$(now); "$@" >/dev/null; local t1; t1=$(now); row "$what" "$target" "$(secs $t0 $t1)" "$(mbps $t0 $t1)"; }
# pulls WHAT TARGET RESET CMD...: runs RESET (empty the store) then times CMD, PULLS times; rows the median.
pulls() {
  local what=$1 target=$2 reset=$3; shift 3
  local times=() t0 t1 median
  for _ in $(seq "$PULLS"); do
    $reset
    t0=$(now); "$@" >/dev/null; t1=$(now)
    times+=("$(secs $t0 $t1)")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  ROWS+=("| $what | $target | $median s (${times[*]}) | $(python3 -c "print(f'{$SIZE_MB/$median:.0f}')") MB/s |")
  echo "$what / $target: ${times[*]} s" >&2
}
empty_berth() { rm -rf "$WORK/dst-$name"; }
empty_docker() { D rmi "127.0.0.1:$port/bench/docker:1" >/dev/null 2>&1 || true; }   # its only tag: the layer goes too
empty_docker_berths() { D rmi "127.0.0.1:$port/bench/berth:1" >/dev/null 2>&1 || true; }

for reg in "berth:$BP" "distribution:$DP"; do
  name=${reg%%:*}; port=${reg##*:}
  layer "$WORK/layer.tar"
  B "src-$name" import "$WORK/layer.tar" 127.0.0.1:$port/bench/berth:1 >/dev/null
  timed "berth push" "$name" B "src-$name" push 127.0.0.1:$port/bench/berth:1
  pulls "berth pull (+unpack)" "$name" empty_berth B "dst-$name" pull 127.0.0.1:$port/bench/berth:1
  layer "$WORK/layer.tar"
  D import "$WORK/layer.tar" 127.0.0.1:$port/bench/docker:1 >/dev/null
  timed "docker push" "$name" D push 127.0.0.1:$port/bench/docker:1
  pulls "docker pull (+unpack)" "$name" empty_docker D pull 127.0.0.1:$port/bench/docker:1
  pulls "docker pull (+unpack) of berth's image" "$name" empty_docker_berths D pull 127.0.0.1:$port/bench/berth:1
  empty_docker_berths
  skopeo_dir "$WORK/skopeo-src-$name"
  timed "skopeo copy dir→registry" "$name" skopeo copy -q --dest-tls-verify=false dir:"$WORK/skopeo-src-$name" docker://127.0.0.1:$port/bench/skopeo:1
  timed "skopeo copy registry→dir" "$name" skopeo copy -q --src-tls-verify=false docker://127.0.0.1:$port/bench/berth:1 dir:"$WORK/skopeo-$name"
  rm -rf "$WORK/skopeo-src-$name" "$WORK/skopeo-$name" "$WORK/layer.tar"
done

# Peak RSS of each server while 16 clients pull the layer at once.
layer_of() {
  curl -s -H 'Accept: application/vnd.oci.image.manifest.v1+json' -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://127.0.0.1:$1/v2/bench/berth/manifests/1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["layers"][0]["digest"])'
}
alive() { local n=0; for p in "$@"; do kill -0 "$p" 2>/dev/null && n=$((n+1)); done; echo $n; }
# One round: 16 clients at once; prints "aggregate-MB/s peak-RSS-kB".
parallel_gets() {
  local port=$1 pid=$2 layer=$3 t0 t1 peak=0 rss CURLS=()
  t0=$(now)
  for i in $(seq 16); do curl -s -o /dev/null http://127.0.0.1:$port/v2/bench/berth/blobs/$layer & CURLS+=($!); done
  while [ "$(alive "${CURLS[@]}")" -gt 0 ]; do
    rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status); [ "$rss" -gt "$peak" ] && peak=$rss
    sleep 0.05
  done
  wait "${CURLS[@]}" 2>/dev/null || true
  t1=$(now)
  echo "$(python3 -c "print(f'{16*$SIZE_MB/($t1-$t0):.0f}')") $peak"
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
declare -A IDLE RATES PEAKS
for reg in "berth:$BP:$BPID" "distribution:$DP:$DPID"; do
  IFS=: read -r name port pid <<<"$reg"
  IDLE[$name]=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
done
for round in $(seq "$ROUNDS"); do
  for reg in "berth:$BP:$BPID" "distribution:$DP:$DPID"; do
    IFS=: read -r name port pid <<<"$reg"
    read -r rate peak < <(parallel_gets "$port" "$pid" "$(layer_of "$port")")
    echo "16 parallel GETs, $name, round $round: $rate MB/s, peak RSS $((peak/1024)) MB" >&2
    RATES[$name]+="$rate "; PEAKS[$name]+="$peak "
  done
done
RSS=()
for name in berth distribution; do
  top=$(echo "${PEAKS[$name]}" | tr ' ' '\n' | grep . | sort -n | tail -1)
  RSS+=("| $name | $((${IDLE[$name]}/1024)) MB | $((top/1024)) MB | $(echo "${RATES[$name]}" | median) MB/s (${RATES[$name]% }) |")
done

{
  echo "Registry bench: one ${SIZE_MB} MB random layer, loopback, $(nproc) cores, $(date -u +%F)"
  echo
  echo "| operation | registry | time | throughput |"
  echo "|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "| server (16 parallel blob GETs, $ROUNDS rounds) | RSS idle | RSS peak | aggregate, median (each round) |"
  echo "|---|---|---|---|"
  printf '%s\n' "${RSS[@]}"
} | tee "$HERE/results/registry.md"
