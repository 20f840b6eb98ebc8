#!/usr/bin/env bash
# berth side-by-side benchmarks: berth against docker, crun, runc (and podman) on this host, in one
# run, with the ratios. Prints a markdown table for the README and writes it to bench/results/latest.md;
# hyperfine's raw JSON (one file per tool and round) and the logs stay in bench/results/ (gitignored).
#
#   bench/run.sh           full run: 5 interleaved rounds (about 3-4 minutes on 2 cores)
#   bench/run.sh --quick   1 round, fewer runs (about 1.5 minutes)
#   bench/profile.sh [N]   where the milliseconds of `berth run --rm busybox true` go, phase by phase
#
# Needs root and Debian 12 (installs hyperfine, docker.io, runc, crun, podman, jq, busybox-static with
# apt-get when missing). Everything it makes lives in private roots and is removed at the end:
# berth under /var/lib/berth-bench (+ /run/berth-bench), docker under /var/lib/berth-bench-docker
# (its own dockerd, started and stopped here unless one already runs), runc/crun state under
# /run/berth-bench-{runc,crun}. Environment: BERTH=path to the berth binary (default: `berth` on PATH,
# else build/bin/berth); DOCKER=docker CLI (default /usr/bin/docker, Debian's 20.10 client);
# BENCH_NICE=0 to run at the caller's priority instead of nice -20.
set -euo pipefail

QUICK=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument $arg (use --quick)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "bench/run.sh must run as root" >&2; exit 1; }
# Other work on the host (builds, tests) shifts wall-clock times a lot on 2 cores. Everything this
# script starts, the dockerd it starts included, runs at nice -20 so that it is served first; all
# tools get the same treatment. BENCH_NICE=0 measures at the caller's priority instead.
NICE_NOTE="at the caller's priority"
if [ "${BENCH_NICE:-1}" = 1 ] && renice -n -20 -p $$ >/dev/null 2>&1; then NICE_NOTE="at nice -20 (every tool and daemon the script starts)"; fi
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
RESULTS=$HERE/results
mkdir -p "$RESULTS"
LOG=$RESULTS/run.log
rm -f "$RESULTS"/*.json "$RESULTS"/*.log   # a stale measurement must not enter this run's medians
: >"$LOG"

if [ $QUICK = 1 ]; then
  ROUNDS=1 WARMUP=2 RUNS_FAST=15 RUNS_SLOW=6 RUNS_PS=10 CPU_RUNS=10
else
  ROUNDS=5 WARMUP=3 RUNS_FAST=20 RUNS_SLOW=8 RUNS_PS=10 CPU_RUNS=30   # per round; the rounds interleave the tools against load drift
fi
N_PS=20     # running containers for `ps` and the monitor memory
N_MANY=50   # `run -d` in a row

say() { printf '%s\n' "$*" >&2; printf '%s\n' "$*" >>"$LOG"; }

# --- packages ---------------------------------------------------------------------------------
need=()
for pair in hyperfine:hyperfine docker.io:dockerd runc:runc crun:crun podman:podman jq:jq \
            busybox-static:busybox procps:free iproute2:ip util-linux:unshare linux-perf:perf; do
  pkg=${pair%%:*} cmd=${pair#*:}
  dpkg -s "$pkg" >/dev/null 2>&1 && command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  say "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >>"$LOG" 2>&1
  apt-get install -y -qq --no-install-recommends "${need[@]}" >>"$LOG" 2>&1
fi

BERTH_SRC=${BERTH:-$(command -v berth || echo "$REPO/build/bin/berth")}
[ -x "$BERTH_SRC" ] || { echo "no berth binary: run 'make all' (or set BERTH=)" >&2; exit 1; }
DOCKER_CLI=${DOCKER:-/usr/bin/docker}

# --- private roots and cleanup ------------------------------------------------------------------
export BERTH_ROOT=/var/lib/berth-bench BERTH_RUNROOT=/run/berth-bench
DOCKER_BASE=/var/lib/berth-bench-docker
DOCKER_EXEC=/run/berth-bench-docker
PODMAN_RUN=/run/berth-bench-podman
RUNC_STATE=/run/berth-bench-runc
CRUN_STATE=/run/berth-bench-crun
WORK=/var/lib/berth-bench-work   # on disk, not tmpfs: the berth binary's pages must count as file pages
BERTH_CGROUP=berth-$(basename "$BERTH_RUNROOT")
DOCKERD_PID=""
DOCKER0_EXISTED=0
ip link show docker0 >/dev/null 2>&1 && DOCKER0_EXISTED=1
DOCKER_IDS=()
IMG=busybox
# Default directories that docker, containerd's shims, podman, runc and crun make even with private
# roots (shim sockets, podman's tmp dir and cache, runc's default state): removed at the end if new.
NEW_DIRS=()
for d in /run/libpod /run/runc /run/crun /run/containerd /run/docker /run/netns /var/lib/containers /var/lib/cni; do
  [ -e "$d" ] || NEW_DIRS+=("$d")
done
# cgroup parents that dockerd and podman make and never remove: removed at the end if new.
NEW_CGROUPS=()
for name in docker libpod_parent; do compgen -G "/sys/fs/cgroup/*/$name" >/dev/null || NEW_CGROUPS+=("$name"); done

unmount_under() {  # unmount everything mounted below the given directories, deepest first
  local dir
  for dir in "$@"; do
    findmnt -rn -o TARGET | awk -v d="$dir" 'index($0, d "/") == 1 || $0 == d' | sort -r |
      while read -r m; do umount -l "$m" 2>/dev/null || true; done
  done
}

berth_cleanup() {
  [ -x "${BERTH:-}" ] || return 0
  local ids
  ids=$("$BERTH" ps -aq 2>/dev/null || true)
  [ -z "$ids" ] || "$BERTH" rm -f $ids >/dev/null 2>&1 || true
}

docker_cleanup() {
  [ -n "${D:-}" ] || return 0
  if [ ${#DOCKER_IDS[@]} -gt 0 ]; then
    printf '%s\n' "${DOCKER_IDS[@]}" | xargs -r -n 50 $D rm -f >/dev/null 2>&1 || true
    DOCKER_IDS=()
  fi
}

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  say "cleaning up"
  berth_cleanup
  [ -x "${BERTH:-}" ] && "$BERTH" rmi -f "$IMG" >/dev/null 2>&1
  docker_cleanup
  if [ -n "${D:-}" ] && [ -z "$DOCKERD_PID" ]; then $D rmi -f "${IMG_DOCKER:-berth-bench-busybox}" >/dev/null 2>&1; fi
  if [ -n "$DOCKERD_PID" ]; then
    kill -TERM "$DOCKERD_PID" 2>/dev/null
    for _ in $(seq 1 150); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$DOCKERD_PID" 2>/dev/null
    wait "$DOCKERD_PID" 2>/dev/null
    [ $DOCKER0_EXISTED = 1 ] || ip link del docker0 2>/dev/null
  fi
  if [ -n "${P:-}" ]; then $P rm -af >/dev/null 2>&1; $P rmi -af >/dev/null 2>&1; fi
  runc --root "$RUNC_STATE" delete -f berth-bench >/dev/null 2>&1
  crun --root "$CRUN_STATE" delete -f berth-bench >/dev/null 2>&1
  unmount_under "$BERTH_RUNROOT" "$BERTH_ROOT" "$DOCKER_EXEC" "$DOCKER_BASE" "$PODMAN_RUN" "$WORK"
  rm -rf "$BERTH_ROOT" "$BERTH_RUNROOT" "$DOCKER_EXEC" "$DOCKER_BASE" "$PODMAN_RUN" "$RUNC_STATE" "$CRUN_STATE" "$WORK"
  if [ ${#NEW_DIRS[@]} -gt 0 ]; then unmount_under "${NEW_DIRS[@]}"; rm -rf "${NEW_DIRS[@]}"; fi
  for d in /sys/fs/cgroup/*/"$BERTH_CGROUP" /sys/fs/cgroup/"$BERTH_CGROUP"; do [ -d "$d" ] && rmdir "$d" 2>/dev/null; done
  for name in "${NEW_CGROUPS[@]}"; do
    for d in /sys/fs/cgroup/*/"$name"; do [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} + 2>/dev/null; done
  done
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A stale run (killed before its cleanup) would skew everything: start from nothing.
unmount_under "$BERTH_RUNROOT" "$BERTH_ROOT" "$WORK"
rm -rf "$BERTH_ROOT" "$BERTH_RUNROOT" "$WORK" "$RUNC_STATE" "$CRUN_STATE"
mkdir -p "$WORK"
# Snapshot the binary: other builds may replace build/bin/berth while this runs.
cp "$BERTH_SRC" "$WORK/berth"
BERTH=$WORK/berth

# --- images ---------------------------------------------------------------------------------------
say "making the busybox rootfs"
BUSYBOX=$(command -v busybox) "$REPO/examples/busybox-rootfs.sh" "$WORK/busybox.tar"
"$BERTH" import "$WORK/busybox.tar" "$IMG" >>"$LOG" 2>&1

# docker: an already running daemon is used as is; otherwise our own, in private roots.
D=""
DOCKER_NOTE=""
if [ ! -x "$DOCKER_CLI" ]; then
  DOCKER_NOTE="no docker CLI at $DOCKER_CLI"
elif timeout 10 "$DOCKER_CLI" version >/dev/null 2>&1; then
  D="$DOCKER_CLI"
  IMG_DOCKER=berth-bench-busybox
  DOCKER_NOTE="the already running dockerd"
else
  mkdir -p "$DOCKER_BASE" "$DOCKER_EXEC"
  say "starting dockerd (data-root $DOCKER_BASE/data)"
  dockerd --iptables=false --ip-masq=false --data-root "$DOCKER_BASE/data" --exec-root "$DOCKER_EXEC" \
    --pidfile "$DOCKER_EXEC/dockerd.pid" -H "unix://$DOCKER_EXEC/docker.sock" >"$RESULTS/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  D="$DOCKER_CLI -H unix://$DOCKER_EXEC/docker.sock"
  for _ in $(seq 1 300); do
    $D version >/dev/null 2>&1 && break
    kill -0 "$DOCKERD_PID" 2>/dev/null || break
    sleep 0.1
  done
  if ! $D version >/dev/null 2>&1; then
    DOCKER_NOTE="dockerd did not start: $(grep -E 'level=(fatal|error)' "$RESULTS/dockerd.log" | tail -1 | sed 's/.*msg="\([^"]*\)".*/\1/' | cut -c1-150)"
    D=""
  else
    IMG_DOCKER=$IMG
    DOCKER_NOTE="own dockerd (private data-root)"
  fi
fi
if [ -n "$D" ]; then
  $D import "$WORK/busybox.tar" "$IMG_DOCKER" >>"$LOG" 2>&1
  DOCKER_VERSION=$($D version --format '{{.Server.Version}}' 2>/dev/null || echo '?')
  say "docker: $DOCKER_NOTE, server $DOCKER_VERSION, CLI $($DOCKER_CLI --version | sed 's/Docker version //')"
fi

P="podman --root $DOCKER_BASE/podman --runroot $PODMAN_RUN --storage-driver overlay --events-backend file"
$P import "$WORK/busybox.tar" "$IMG" >>"$LOG" 2>&1 || P=""

# OCI bundle: `runc spec`, running /bin/true from the unpacked busybox rootfs, read-only, no terminal.
BUNDLE=$WORK/bundle
mkdir -p "$BUNDLE/rootfs"
tar -xf "$WORK/busybox.tar" -C "$BUNDLE/rootfs"
(cd "$BUNDLE" && runc spec)
jq '.process.args = ["/bin/true"] | .process.terminal = false | .root.readonly = true' "$BUNDLE/config.json" >"$BUNDLE/config.json.new"
mv "$BUNDLE/config.json.new" "$BUNDLE/config.json"

# --- helpers ----------------------------------------------------------------------------------------
# Runs a command once; on failure sets REASON to the last line it wrote to stderr.
REASON=""
crun_probe() {  # probe, then forget any state a failed crun left behind
  local status=0
  probe "$@" || status=$?
  crun --root "$CRUN_STATE" delete -f berth-bench >/dev/null 2>&1 || true
  return $status
}
probe() {
  local err status=0
  err=$("$@" 2>&1 >/dev/null) || status=$?
  if [ $status = 0 ]; then REASON=""; return 0; fi
  # The last line that says something: not blank, not a usage hint, not a logged warning.
  REASON=$(printf '%s\n' "$err" | grep -v -E '^[[:space:]]*$|^Try |level=warn|^WARN' | tail -1 | tr -d '`|' | cut -c1-160)
  [ -n "$REASON" ] || REASON="exit status $status"
  return 1
}

# hf NAME ROUND RUNS CMD: one hyperfine measurement into $RESULTS/NAME.rROUND.json (-N: no shell).
hf() {
  local name=$1 round=$2 runs=$3 cmd=$4
  local warm=1; case "$round" in 1|1a) warm=$WARMUP ;; esac
  hyperfine -N --style basic --warmup "$warm" --runs "$runs" --export-json "$RESULTS/$name.r$round.json" \
    --command-name "$name" "$cmd" >>"$LOG" 2>&1
}
# Same, inside a private mount namespace without the cgroup v2 mount (for crun on a hybrid host).
hf_ns() {
  local name=$1 round=$2 runs=$3 cmd=$4
  local warm=1; case "$round" in 1|1a) warm=$WARMUP ;; esac
  unshare -m --propagation private sh -c 'umount /sys/fs/cgroup/unified && exec "$@"' sh \
    hyperfine -N --style basic --warmup "$warm" --runs "$runs" --export-json "$RESULTS/$name.r$round.json" \
    --command-name "$name" "$cmd" >>"$LOG" 2>&1
}

# cpu_ms CMD...: CPU time (ms, mean of CPU_RUNS) of a command and every process it forks, the ones it
# does not wait for included (berth's monitor): perf stat's task-clock. Load barely moves it.
cpu_ms() {
  perf stat -x, -e task-clock -r "$CPU_RUNS" -- "$@" 2>&1 >/dev/null | awk -F, '$3 ~ /task-clock/ { printf "%.1f", $1; exit }'
}
cpu_ms_ns() {  # the same, inside the private mount namespace crun needs here
  unshare -m --propagation private sh -c 'umount /sys/fs/cgroup/unified && exec "$@"' sh \
    perf stat -x, -e task-clock -r "$CPU_RUNS" -- "$@" 2>&1 >/dev/null | awk -F, '$3 ~ /task-clock/ { printf "%.1f", $1; exit }'
}

# stats NAME: "median mean stddev min max n" in ms over every round of NAME.
stats() {
  compgen -G "$RESULTS/$1.r*.json" >/dev/null || return 0
  jq -rs '[.[].results[0].times[]] | sort | length as $n
    | (if $n % 2 == 1 then .[($n - 1) / 2] else (.[$n / 2 - 1] + .[$n / 2]) / 2 end) as $med
    | (add / $n) as $mean | ((map((. - $mean) * (. - $mean)) | add) / ([$n - 1, 1] | max) | sqrt) as $sd
    | [$med, $mean, $sd, .[0], .[-1]] | map(. * 1000 * 100 | round / 100) + [$n] | @tsv' "$RESULTS/$1".r*.json
}
median_ms() { stats "$1" | cut -f1; }
fmt_ms() {  # "12.3 ms ± 0.4"
  local s; s=$(stats "$1")
  [ -n "$s" ] || { echo "failed during measurement (see results/run.log)"; return 0; }
  awk -F'\t' '{ printf (($1 < 100) ? "%.1f ms ± %.1f" : "%.0f ms ± %.0f"), $1, $3 }' <<<"$s"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && a > 0 && b > 0) printf "%.3f", a / b; else print "" }'; }
fmt_ratio() { awk -v r="$1" 'BEGIN { if (r == "") print "—"; else if (r < 1) printf "%.2f× (1/%.1f)", r, 1 / r; else printf "%.2f×", r }'; }
# verdict RATIO LIMIT: ✅ when RATIO <= LIMIT.
verdict() { awk -v r="$1" -v l="$2" 'BEGIN { if (r == "") print "?"; else print (r <= l) ? "✅" : "❌" }'; }

# pid_mem PID: "RSS PSS" in kB from smaps_rollup.
pid_mem() {
  local f=/proc/$1/smaps_rollup
  if [ -r "$f" ]; then awk '/^Rss:/ { r = $2 } /^Pss:/ { p = $2 } END { print r + 0, p + 0 }' "$f" 2>/dev/null; else echo "0 0"; fi
}
# procs_with_prefix TEXT: pids whose command line (arguments joined by spaces) starts with TEXT.
procs_with_prefix() {
  ps -ww -eo pid=,args= | awk -v s="$1" '{ pid = $1; sub(/^ *[0-9]+ /, ""); if (index($0, s) == 1) print pid }'
}
# mem_sum PIDS...: "count rss_kB pss_kB"
mem_sum() {
  local n=0 r=0 p=0 pid rp
  for pid in "$@"; do rp=($(pid_mem "$pid")); n=$((n + 1)); r=$((r + rp[0])); p=$((p + rp[1])); done
  echo "$n $r $p"
}
berth_monitors() { procs_with_prefix "berth monitor --root $BERTH_ROOT "; }
docker_shims() {  # the shims of the docker containers this script started: one ps, matched on "-id ID "
  [ ${#DOCKER_IDS[@]} -gt 0 ] || return 0
  ps -ww -eo pid=,args= | awk 'NR == FNR { want["-id " $1 " "] = 1; next }
    /containerd-shim/ { for (w in want) if (index($0, w)) { print $1; break } }' <(printf '%s\n' "${DOCKER_IDS[@]}") -
}
cgroup_mem_kb() {  # memory charged to a cgroup parent (its containers: processes, page cache, kernel memory)
  local f
  for f in "/sys/fs/cgroup/memory/$1/memory.usage_in_bytes" "/sys/fs/cgroup/$1/memory.current"; do
    [ -r "$f" ] && { echo $(($(cat "$f") / 1024)); return; }
  done
  echo ""
}
free_used_kb() { free -k | awk '/^Mem:/ { print $3 }'; }
now_ns() { date +%s%N; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }

ROWS=()     # markdown rows of the main table
NOTES=()    # footnotes
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 |"); }

# --- 1. run --rm busybox true -----------------------------------------------------------------------
say "1. run --rm busybox true"
CRUN_MODE=""   # how crun was made to run here
CRUN_TRIED=()
CRUN_BASE="crun --root $CRUN_STATE"
if crun_probe $CRUN_BASE run -b "$BUNDLE" berth-bench; then CRUN_MODE=host
else
  CRUN_TRIED+=("\`crun run\`: $REASON")
  if crun_probe $CRUN_BASE --cgroup-manager=disabled run -b "$BUNDLE" berth-bench; then CRUN_MODE=host-disabled
  else
    CRUN_TRIED+=("\`crun --cgroup-manager=disabled run\`: $REASON")
    crun_probe $CRUN_BASE --systemd-cgroup=false run -b "$BUNDLE" berth-bench ||
      CRUN_TRIED+=("\`crun --systemd-cgroup=false run\`: $REASON")
    crun_probe $CRUN_BASE --systemd-cgroup run -b "$BUNDLE" berth-bench ||
      CRUN_TRIED+=("\`crun --systemd-cgroup run\`: $REASON")
    # crun 1.8 refuses a hybrid layout whose cgroup2 mount still has a controller (hugetlb here):
    # hide /sys/fs/cgroup/unified in a private mount namespace, and crun uses cgroup v1 like runc.
    if crun_probe unshare -m --propagation private sh -c 'umount /sys/fs/cgroup/unified && exec "$@"' sh \
        $CRUN_BASE run -b "$BUNDLE" berth-bench; then CRUN_MODE=ns
    else CRUN_TRIED+=("\`crun run\` with /sys/fs/cgroup/unified unmounted in a private mount namespace: $REASON"); fi
  fi
fi
RUNC_OK=0
probe runc --root "$RUNC_STATE" run -b "$BUNDLE" berth-bench && RUNC_OK=1 || RUNC_REASON=$REASON

DOCKER_RUN_OK=0 DOCKER_NONE_OK=0
if [ -n "$D" ]; then
  probe $D run --rm "$IMG_DOCKER" true && DOCKER_RUN_OK=1 || DOCKER_RUN_REASON=$REASON
  probe $D run --rm --network none "$IMG_DOCKER" true && DOCKER_NONE_OK=1 || DOCKER_NONE_REASON=$REASON
fi

PODMAN_CMD="" PODMAN_TRIED=()
if [ -n "$P" ]; then
  # --network none: berth's default, and podman's bridge would add CNI firewall rules to the host.
  for extra in "" "--ulimit nofile=1024:1024 --ulimit nproc=1024:1024" \
               "--runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024"; do
    if probe $P run --rm --network none $extra "$IMG" true; then PODMAN_CMD="$P run --rm --network none $extra $IMG true"; PODMAN_EXTRA=$extra; break; fi
    PODMAN_TRIED+=("\`podman run --network none${extra:+ $extra}\`: $REASON")
  done
else
  PODMAN_TRIED+=("podman import failed (see results/run.log)")
fi

BERTH_OK=1
probe "$BERTH" run --rm "$IMG" true || { BERTH_OK=0; BERTH_REASON=$REASON; }

# hf_or NAME ROUND RUNS CMD [ns]: measure, or on failure (hyperfine stops at a failing run) note why.
FAILED=()
hf_or() {
  local fn=hf; [ "${5:-}" = ns ] && fn=hf_ns
  $fn "$1" "$2" "$3" "$4" || { FAILED+=("$1"); say "   $1 failed during measurement: see results/run.log"; }
}
for round in $(seq 1 $ROUNDS); do
  say "   round $round/$ROUNDS"
  if [ $BERTH_OK = 1 ]; then hf_or berth-run "${round}a" $RUNS_FAST "$BERTH run --rm $IMG true"; fi
  if [ $BERTH_OK = 1 ]; then hf_or berth-run-none "${round}a" $RUNS_FAST "$BERTH run --rm --network none $IMG true"; fi
  if [ $DOCKER_RUN_OK = 1 ]; then hf_or docker-run "$round" $RUNS_SLOW "$D run --rm $IMG_DOCKER true"; fi
  if [ $DOCKER_NONE_OK = 1 ]; then hf_or docker-run-nonet "$round" $RUNS_SLOW "$D run --rm --network none $IMG_DOCKER true"; fi
  case "$CRUN_MODE" in
    host) hf_or crun-run "$round" $RUNS_FAST "$CRUN_BASE run -b $BUNDLE berth-bench" ;;
    host-disabled) hf_or crun-run "$round" $RUNS_FAST "$CRUN_BASE --cgroup-manager=disabled run -b $BUNDLE berth-bench" ;;
    ns) hf_or crun-run "$round" $RUNS_FAST "$CRUN_BASE run -b $BUNDLE berth-bench" ns
        hf_or crun-run-nocg "$round" $RUNS_FAST "$CRUN_BASE --cgroup-manager=disabled run -b $BUNDLE berth-bench" ns ;;
  esac
  if [ $RUNC_OK = 1 ]; then hf_or runc-run "$round" $RUNS_FAST "runc --root $RUNC_STATE run -b $BUNDLE berth-bench"; fi
  if [ -n "$PODMAN_CMD" ]; then hf_or podman-run "$round" $RUNS_SLOW "$PODMAN_CMD"; fi
  # berth again at the end of the round: its figure spans the round, as the references' do.
  if [ $BERTH_OK = 1 ]; then hf_or berth-run-none "${round}b" $RUNS_FAST "$BERTH run --rm --network none $IMG true"; fi
  if [ $BERTH_OK = 1 ]; then hf_or berth-run "${round}b" $RUNS_FAST "$BERTH run --rm $IMG true"; fi
done
berth_run_as() {  # sets BERTH_RUN and BERTH_RUN_TXT from measurement NAME
  if [ $BERTH_OK = 1 ]; then
    BERTH_RUN=$(median_ms "$1")
    BERTH_RUN_TXT=$(fmt_ms "$1")
  else
    BERTH_RUN="" BERTH_RUN_TXT="failed: $BERTH_REASON"
  fi
}
berth_run_as berth-run

ref_row() {  # ref_row WHAT NAME OK REASON GOAL_LIMIT GOAL_TEXT
  local what=$1 name=$2 ok=$3 reason=$4 limit=$5 goal=$6 r
  if [ "$ok" = 1 ] && [ -n "$BERTH_RUN" ]; then
    r=$(ratio "$BERTH_RUN" "$(median_ms "$name")")
    [ -n "$limit" ] && goal="$goal $(verdict "$r" "$limit")"
    row "$what" "$BERTH_RUN_TXT" "$(fmt_ms "$name")" "$(fmt_ratio "$r")" "$goal"
  elif [ "$ok" = 1 ]; then
    row "$what" "$BERTH_RUN_TXT" "$(fmt_ms "$name")" "—" "$goal"
  else
    row "$what" "$BERTH_RUN_TXT" "failed: $reason" "—" "$goal"
  fi
}
ref_row "\`run --rm busybox true\` vs \`docker run --rm\`" docker-run "$DOCKER_RUN_OK" "${DOCKER_RUN_REASON:-$DOCKER_NOTE}" 0.1 "≤ 1/10"
# An OCI bundle from `runc spec` has a network namespace with loopback only: berth's --network none.
berth_run_as berth-run-none
ref_row "\`run --rm --network none busybox true\` vs \`docker run --rm --network none\`" docker-run-nonet "$DOCKER_NONE_OK" "${DOCKER_NONE_REASON:-$DOCKER_NOTE}" "" "—"
case "$CRUN_MODE" in
  host) ref_row "… vs \`crun run\` (OCI bundle)" crun-run 1 "" 1.5 "≤ 1.5×" ;;
  host-disabled) ref_row "… vs \`crun --cgroup-manager=disabled run\` (OCI bundle, no cgroups)ᶜ" crun-run 1 "" 1.5 "≤ 1.5×" ;;
  ns) ref_row "… vs \`crun run\` (OCI bundle, cgroup v1)ᶜ" crun-run 1 "" 1.5 "≤ 1.5×"
      ref_row "… vs \`crun --cgroup-manager=disabled run\` (no cgroups)ᶜ" crun-run-nocg 1 "" "" "—" ;;
  *) ref_row "… vs \`crun run\` (OCI bundle)" crun-run 0 "${CRUN_TRIED[0]:-?}" "" "≤ 1.5×" ;;
esac
ref_row "… vs \`runc run\` (OCI bundle)" runc-run "$RUNC_OK" "${RUNC_REASON:-}" "" "—"
if [ -n "$PODMAN_CMD" ]; then
  ref_row "… vs \`podman run --rm --network none\`${PODMAN_EXTRA:+ᵖ}" podman-run 1 "" "" "—"
else
  ref_row "… vs \`podman run --rm --network none\`" podman-run 0 "${PODMAN_TRIED[-1]:-?}" "" "—"
fi
# CPU time: what a run costs the host, whatever else runs on it (docker's is mostly in its daemons: not counted).
if command -v perf >/dev/null && [ $BERTH_OK = 1 ]; then
  say "   CPU time (perf stat)"
  B_CPU=$(cpu_ms "$BERTH" run --rm --network none "$IMG" true || true)
  case "$CRUN_MODE" in
    host) C_CPU=$(cpu_ms $CRUN_BASE run -b "$BUNDLE" berth-bench || true) ;;
    host-disabled) C_CPU=$(cpu_ms $CRUN_BASE --cgroup-manager=disabled run -b "$BUNDLE" berth-bench || true) ;;
    ns) C_CPU=$(cpu_ms_ns $CRUN_BASE run -b "$BUNDLE" berth-bench || true) ;;
    *) C_CPU="" ;;
  esac
  R_CPU=""; [ $RUNC_OK = 1 ] && R_CPU=$(cpu_ms runc --root "$RUNC_STATE" run -b "$BUNDLE" berth-bench || true)
  if [ -n "$B_CPU" ]; then
    if [ -n "$C_CPU" ]; then
      r=$(ratio "$B_CPU" "$C_CPU")
      row "… CPU time of all its processes vs \`crun run\` (perf stat task-clock, mean of $CPU_RUNS)" "$B_CPU ms" "$C_CPU ms" "$(fmt_ratio "$r")" "—"
    fi
    [ -z "$R_CPU" ] || row "… CPU time vs \`runc run\`" "$B_CPU ms" "$R_CPU ms" "$(fmt_ratio "$(ratio "$B_CPU" "$R_CPU")")" "—"
  fi
fi
[ ${#CRUN_TRIED[@]} -gt 0 ] && NOTES+=("ᶜ crun $(crun --version | head -1 | awk '{print $3}') on this host: $(IFS=';'; echo "${CRUN_TRIED[*]}" | sed 's/;/; /g'). $(
  case "$CRUN_MODE" in
    ns) echo "What worked: running crun (and hyperfine) in a private mount namespace with /sys/fs/cgroup/unified unmounted, so that crun sees a pure cgroup v1 host, as runc and berth use it." ;;
    host-disabled) echo "What worked: --cgroup-manager=disabled (no cgroups at all)." ;;
    *) echo "Nothing worked." ;;
  esac)")
[ -n "${PODMAN_EXTRA:-}" ] && NOTES+=("ᵖ podman $(podman --version | awk '{print $3}') needed \`$PODMAN_EXTRA\`: $(IFS=';'; echo "${PODMAN_TRIED[*]}" | sed 's/;/; /g').")

# --- 2 and 3: ps with 20 running, monitor memory ----------------------------------------------------
say "2. ps with $N_PS running containers; 3. per-container memory"
berth_cleanup
t0=$(now_ns)
for i in $(seq 1 $N_PS); do "$BERTH" run -d "$IMG" sleep 1d >/dev/null; done
BERTH_START20_MS=$(( ($(now_ns) - t0) / 1000000 ))
hf_or berth-ps 1 $((RUNS_PS * ROUNDS)) "$BERTH ps"
sleep 1
read -r BM_N BM_RSS BM_PSS < <(mem_sum $(berth_monitors))
BM_AVG_RSS=$((BM_RSS / (BM_N > 0 ? BM_N : 1))) BM_AVG_PSS=$((BM_PSS / (BM_N > 0 ? BM_N : 1)))
# What a monitor's RSS is made of (the first one's smaps_rollup).
first=$(berth_monitors | sed -n 1p)
[ -n "$first" ] && cp "/proc/$first/smaps_rollup" "$RESULTS/monitor-smaps_rollup.log" 2>/dev/null || true
[ -n "$first" ] && cp "/proc/$first/status" "$RESULTS/monitor-status.log" 2>/dev/null || true
t0=$(now_ns)
berth_cleanup
BERTH_RM20_MS=$(( ($(now_ns) - t0) / 1000000 ))

DOCKER_PS_OK=0
if [ -n "$D" ] && [ $DOCKER_RUN_OK = 1 ]; then
  t0=$(now_ns)
  for i in $(seq 1 $N_PS); do DOCKER_IDS+=("$($D run -d "$IMG_DOCKER" sleep 1d)"); done
  DOCKER_START20_MS=$(( ($(now_ns) - t0) / 1000000 ))
  if hf docker-ps 1 $((RUNS_PS * ROUNDS)) "$D ps"; then DOCKER_PS_OK=1; else DOCKER_PS_REASON="failed during measurement (see results/run.log)"; fi
  sleep 1
  read -r DS_N DS_RSS DS_PSS < <(mem_sum $(docker_shims))
  DS_AVG_RSS=$((DS_RSS / (DS_N > 0 ? DS_N : 1))) DS_AVG_PSS=$((DS_PSS / (DS_N > 0 ? DS_N : 1)))
  t0=$(now_ns)
  docker_cleanup
  DOCKER_RM20_MS=$(( ($(now_ns) - t0) / 1000000 ))
fi

if [ $DOCKER_PS_OK = 1 ]; then
  r=$(ratio "$(median_ms berth-ps)" "$(median_ms docker-ps)")
  row "\`ps\` with $N_PS running" "$(fmt_ms berth-ps)" "$(fmt_ms docker-ps)" "$(fmt_ratio "$r")" "≤ 1/3 $(verdict "$r" 0.3334)"
else
  row "\`ps\` with $N_PS running" "$(fmt_ms berth-ps)" "failed: ${DOCKER_PS_REASON:-${DOCKER_RUN_REASON:-$DOCKER_NOTE}}" "—" "≤ 1/3"
fi
mem_ok=$(awk -v k="$BM_AVG_RSS" 'BEGIN { print (k <= 4096) ? "✅" : "❌" }')
if [ -n "$D" ] && [ "${DS_N:-0}" -gt 0 ]; then
  row "memory per container, RSS: \`berth monitor\` vs containerd-shim (avg of $N_PS)" "$(mb $BM_AVG_RSS)" "$(mb $DS_AVG_RSS)" "$(fmt_ratio "$(ratio $BM_AVG_RSS $DS_AVG_RSS)")" "≤ 4 MB $mem_ok"
  row "memory per container, PSS (avg of $N_PS)" "$(mb $BM_AVG_PSS)" "$(mb $DS_AVG_PSS)" "$(fmt_ratio "$(ratio $BM_AVG_PSS $DS_AVG_PSS)")" "—"
else
  row "memory per container, RSS: \`berth monitor\` (avg of $N_PS)" "$(mb $BM_AVG_RSS)" "no shim found: ${DOCKER_RUN_REASON:-$DOCKER_NOTE}" "—" "≤ 4 MB $mem_ok"
  row "memory per container, PSS (avg of $N_PS)" "$(mb $BM_AVG_PSS)" "—" "—" "—"
fi

# --- 4. N_MANY run -d in a row ----------------------------------------------------------------------
say "4. $N_MANY run -d in a row"
many() {  # many TOOL: sets MANY_MS, FREE_DELTA_KB; TOOL is berth or docker
  sync; sleep 2
  local before after t0
  before=$(free_used_kb)
  t0=$(now_ns)
  if [ "$1" = berth ]; then
    for i in $(seq 1 $N_MANY); do "$BERTH" run -d "$IMG" sleep 1d >/dev/null; done
  else
    for i in $(seq 1 $N_MANY); do DOCKER_IDS+=("$($D run -d "$IMG_DOCKER" sleep 1d)"); done
  fi
  MANY_MS=$(( ($(now_ns) - t0) / 1000000 ))
  sleep 2
  after=$(free_used_kb)
  FREE_DELTA_KB=$((after - before))
  if [ "$1" = berth ]; then CG_KB=$(cgroup_mem_kb "$BERTH_CGROUP"); else CG_KB=$(cgroup_mem_kb docker); fi
}
daemon_rss() {  # RSS in kB of our dockerd + its containerd
  local pids=() total=0 p
  [ -n "$DOCKERD_PID" ] || { echo 0; return; }
  pids=("$DOCKERD_PID" $(procs_with_prefix "containerd --config $DOCKER_EXEC/"))
  for p in "${pids[@]}"; do total=$((total + $(pid_mem "$p" | cut -d' ' -f1))); done
  echo $total
}
many berth
B_MANY_MS=$MANY_MS B_FREE=$FREE_DELTA_KB B_CG=$CG_KB
read -r BN_N BN_RSS BN_PSS < <(mem_sum $(berth_monitors))
berth_cleanup
if [ -n "$D" ] && [ $DOCKER_RUN_OK = 1 ]; then
  DAEMON_BEFORE=$(daemon_rss)
  many docker
  D_MANY_MS=$MANY_MS D_FREE=$FREE_DELTA_KB D_CG=$CG_KB
  DAEMON_AFTER=$(daemon_rss)
  read -r DN_N DN_RSS DN_PSS < <(mem_sum $(docker_shims))
  docker_cleanup
  row "$N_MANY × \`run -d busybox sleep 1d\`, wall time" "$(awk -v m=$B_MANY_MS 'BEGIN{printf "%.2f s", m/1000}')" "$(awk -v m=$D_MANY_MS 'BEGIN{printf "%.2f s", m/1000}')" "$(fmt_ratio "$(ratio $B_MANY_MS $D_MANY_MS)")" "—"
  row "… then: monitors' (shims') RSS / PSS, summed" "$(mb $BN_RSS) / $(mb $BN_PSS) ($BN_N procs)" "$(mb $DN_RSS) / $(mb $DN_PSS) ($DN_N procs)" "$(fmt_ratio "$(ratio $BN_PSS $DN_PSS)") (PSS)" "—"
  if [ -n "$B_CG" ] && [ -n "$D_CG" ]; then
    row "… then: the containers' cgroups (memory charged to them)" "$(mb $B_CG)" "$(mb $D_CG)" "$(fmt_ratio "$(ratio $B_CG $D_CG)")" "—"
  fi
  row "… then: \`free\` used, delta (host-wide, noisyᶠ)" "$(mb $B_FREE)" "$(mb $D_FREE) (dockerd+containerd RSS $(mb $DAEMON_BEFORE) → $(mb $DAEMON_AFTER))" "$(fmt_ratio "$(ratio $B_FREE $D_FREE)")" "—"
else
  row "$N_MANY × \`run -d busybox sleep 1d\`, wall time" "$(awk -v m=$B_MANY_MS 'BEGIN{printf "%.2f s", m/1000}')" "failed: ${DOCKER_RUN_REASON:-$DOCKER_NOTE}" "—" "—"
  row "… then: monitors' RSS / PSS, summed" "$(mb $BN_RSS) / $(mb $BN_PSS) ($BN_N procs)" "—" "—" "—"
  [ -z "$B_CG" ] || row "… then: the containers' cgroups (memory charged to them)" "$(mb $B_CG)" "—" "—" "—"
  row "… then: \`free\` used, delta (host-wide, noisyᶠ)" "$(mb $B_FREE)" "—" "—" "—"
fi

# The cost of freeing allocated blocks on /var/lib (non-zero with ext4's `discard`): 20 files whose blocks
# were allocated (synced) against 20 still delayed-allocated, both deleted by one rm.
discard_ms() {
  local d=$WORK/discard-probe i t0 t1 t2 t3
  mkdir -p "$d"
  for i in $(seq 1 20); do head -c 4096 /dev/zero >"$d/a$i"; done
  sync -f "$d/a1"
  t0=$(now_ns); rm -f "$d"/a*; t1=$(now_ns)
  for i in $(seq 1 20); do head -c 4096 /dev/zero >"$d/b$i"; done
  t2=$(now_ns); rm -f "$d"/b*; t3=$(now_ns)
  rmdir "$d"
  awk -v a=$((t1 - t0)) -v b=$((t3 - t2)) 'BEGIN { v = (a - b) / 20 / 1e6; printf "%.2f", (v < 0 ? 0 : v) }'
}
DISCARD_MS=$(discard_ms 2>/dev/null || echo "?")

# --- report -------------------------------------------------------------------------------------------
spread() {  # spread NAME LABEL: one line of the noise section
  [ -n "$(ls "$RESULTS/$1".r*.json 2>/dev/null)" ] || return 0
  stats "$1" | awk -F'\t' -v l="$2" '{ printf "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %d |\n", l, $1, $2, $3, $4, $5, $6 }'
}
{
  echo "## Benchmarks"
  echo
  echo "berth $("$BERTH" version 2>/dev/null | awk '/Version:/ { print $2; exit }') ($(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')), $(date -u +%Y-%m-%d), $(nproc) cores, Linux $(uname -r), $( [ -d /sys/fs/cgroup/unified ] && echo 'cgroup v1 (hybrid)' || ( [ -f /sys/fs/cgroup/cgroup.controllers ] && echo 'cgroup v2' || echo 'cgroup v1' ))$( [ $QUICK = 1 ] && echo ', --quick' )."
  echo "References: docker ${DOCKER_VERSION:-—} (${DOCKER_NOTE}; CLI $(basename "$DOCKER_CLI") $("$DOCKER_CLI" --version 2>/dev/null | awk '{print $3}' | tr -d ,)), containerd $(containerd --version 2>/dev/null | awk '{print $3}'), runc $(runc --version | head -1 | awk '{print $3}'), crun $(crun --version | head -1 | awk '{print $3}'), podman $(podman --version | awk '{print $3}'), hyperfine $(hyperfine --version | awk '{print $2}')."
  echo "Times are medians of hyperfine -N runs (± standard deviation), over $ROUNDS interleaved round(s), $NICE_NOTE; ratio = berth / reference (lower is better for berth). Load average at the start: $LOAD_START."
  echo
  echo "| what | berth | reference | ratio | goal |"
  echo "| --- | --- | --- | --- | --- |"
  printf '%s\n' "${ROWS[@]}"
  echo
  for n in "${NOTES[@]}"; do echo "$n"; echo; done
  opts=$(findmnt -no FSTYPE,OPTIONS -T /var/lib 2>/dev/null || true)
  if printf '%s' "$opts" | grep -w discard >/dev/null; then
    echo "Host note: /var/lib is \`${opts%% *}\` mounted with \`discard\`: deleting a file or directory whose blocks were allocated waits for a synchronous discard, measured at ${DISCARD_MS:-?} ms each at the end of this run (it was 0.2 to 4 ms on this host, with the disk's load). That weighs on whatever writes and deletes many files per container."
    echo
  fi
  [ "$(findmnt -no FSTYPE -T /run 2>/dev/null)" = tmpfs ] || { echo "Host note: /run is not a tmpfs here, so run-time state (berth's, runc's, crun's, containerd's) is on disk too."; echo; }
  echo "Also measured: starting $N_PS detached containers took berth ${BERTH_START20_MS} ms$( [ -n "${DOCKER_START20_MS:-}" ] && echo ", docker ${DOCKER_START20_MS} ms"); \`rm -f\` of all $N_PS: berth ${BERTH_RM20_MS} ms$( [ -n "${DOCKER_RM20_MS:-}" ] && echo ", docker ${DOCKER_RM20_MS} ms"). ᶠ \`free\` deltas are host-wide: other processes starting or ending during the 50 starts (a build, a test run) move them by hundreds of MB, so only the per-process sums and the cgroup figures are reliable on a shared host. The run took $((SECONDS / 60)) min $((SECONDS % 60)) s."
  echo
  echo "Noise (ms over all runs; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)):"
  echo
  echo "| measurement | median | mean | σ | min | max | runs |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  spread berth-run "berth run --rm"
  spread berth-run-none "berth run --rm --network none"
  spread docker-run "docker run --rm"
  spread docker-run-nonet "docker run --rm --network none"
  spread crun-run "crun run"
  spread crun-run-nocg "crun run, no cgroups"
  spread runc-run "runc run"
  spread podman-run "podman run --rm --network none"
  spread berth-ps "berth ps ($N_PS running)"
  spread docker-ps "docker ps ($N_PS running)"
} >"$RESULTS/latest.md"
cat "$RESULTS/latest.md"
