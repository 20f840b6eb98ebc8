#!/usr/bin/env bash
# Where the milliseconds of `berth run --rm busybox true` go: records N runs with perf tracepoints
# (process fork/exec/exit, CPU runtime, and the few syscalls that mark phase boundaries), and prints
# each phase's median, min and max, wall and CPU. Low overhead (no ptrace), so the numbers are close
# to an unprofiled run; run it on a quiet machine, or read the CPU column, which load barely moves.
#
#   bench/profile.sh [RUNS]      (default 15; needs root and perf: apt-get install linux-perf)
#
# Private roots: /var/lib/berth-bench-prof and /run/berth-bench-prof, removed at the end. The table
# is also written to bench/results/profile.md (gitignored).
set -euo pipefail
RUNS=${1:-15}
[ "$(id -u)" = 0 ] || { echo "bench/profile.sh must run as root" >&2; exit 1; }
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
need=(); command -v perf >/dev/null || need+=(linux-perf); command -v busybox >/dev/null || need+=(busybox-static)
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; fi
BERTH_SRC=${BERTH:-$(command -v berth || echo "$REPO/build/bin/berth")}
export BERTH_ROOT=/var/lib/berth-bench-prof BERTH_RUNROOT=/run/berth-bench-prof
WORK=$BERTH_ROOT-work
cleanup() {
  set +e
  ids=$("$WORK/berth" ps -aq 2>/dev/null); [ -z "$ids" ] || "$WORK/berth" rm -f $ids >/dev/null 2>&1
  rm -rf "$BERTH_ROOT" "$BERTH_RUNROOT" "$WORK"
  for d in /sys/fs/cgroup/*/berth-berth-bench-prof; do [ -d "$d" ] && rmdir "$d"; done
}
trap cleanup EXIT
rm -rf "$BERTH_ROOT" "$BERTH_RUNROOT" "$WORK"
mkdir -p "$WORK"
cp "$BERTH_SRC" "$WORK/berth"
BERTH=$WORK/berth
BUSYBOX=$(command -v busybox) "$REPO/examples/busybox-rootfs.sh" "$WORK/bb.tar"
"$BERTH" import "$WORK/bb.tar" busybox >/dev/null
for _ in 1 2 3; do "$BERTH" run --rm busybox true; done

EVENTS=(sched:sched_process_fork sched:sched_process_exec sched:sched_process_exit sched:sched_stat_runtime
        syscalls:sys_enter_execve syscalls:sys_enter_exit_group syscalls:sys_enter_mount syscalls:sys_enter_pivot_root
        syscalls:sys_enter_mkdir syscalls:sys_enter_rmdir syscalls:sys_enter_rename syscalls:sys_exit_wait4 syscalls:sys_enter_unlink)
# Synchronous discards (ext4 mounted with `discard`) are a cost per freed block group: count them.
if perf list 2>/dev/null | grep 'ext4:ext4_discard_blocks' >/dev/null; then EVENTS+=(ext4:ext4_discard_blocks); fi
ev=(); for e in "${EVENTS[@]}"; do ev+=(-e "$e"); done

for i in $(seq 1 "$RUNS"); do
  perf record -q -o "$WORK/p.data" "${ev[@]}" -- "$BERTH" run --rm busybox true 2>/dev/null
  perf script -i "$WORK/p.data" -F pid,tid,time,event,trace 2>/dev/null | awk -v berth="$BERTH" '
    function ms(a, b) { return (a == "" || b == "") ? "" : (b - a) * 1000 }
    { split($1, ids, "/"); pid = ids[1]; t = $2 + 0; ev = $3; sub(/:$/, "", ev) }
    ev == "sched:sched_process_exec" && cli == "" && index($0, "filename=" berth " ") { cli = pid; T0 = t }
    ev == "sched:sched_process_fork" {
      match($0, /child_pid=[0-9]+/); child = substr($0, RSTART + 10, RLENGTH - 10)
      fork_t[child] = t; parent[child] = pid
    }
    ev == "sched:sched_process_exec" && pid != cli {
      if (parent[pid] == cli && mon == "") { mon = pid; T1 = fork_t[pid]; T2 = t }
      else if (parent[pid] == mon && init == "" && mon != "") { init = pid; T3 = fork_t[pid]; T4 = t }
      else if (pid == init && index($0, "/bin/true")) { T8 = t }
    }
    ev == "syscalls:sys_enter_mkdir" && pid == mon && Tmk == "" { Tmk = t }
    ev == "syscalls:sys_enter_mount" && pid == init && T5 == "" { T5 = t }
    ev == "syscalls:sys_enter_pivot_root" && pid == init { T6 = t }
    ev == "syscalls:sys_enter_execve" && pid == init && T4 != "" && t > T4 { T7 = t }
    ev == "sched:sched_process_exit" && pid == init && T8 != "" && T9 == "" { T9 = t }
    ev == "syscalls:sys_exit_wait4" && pid == mon && T9 != "" && T10 == "" { T10 = t }
    ev == "ext4:ext4_discard_blocks" { discards++; if (T11 == "") discards_before_exit++ }
    ev == "syscalls:sys_enter_exit_group" && pid == cli { T11 = t }
    ev == "syscalls:sys_enter_exit_group" && pid == mon { T12 = t }
    ev == "sched:sched_stat_runtime" {
      match($0, /runtime=[0-9]+/); ns = substr($0, RSTART + 8, RLENGTH - 8) / 1e6
      who = (pid == cli) ? "cli" : (pid == mon) ? "mon" : (pid == init) ? ((T8 != "" && t >= T8) ? "cmd" : "init") : "other"
      cpu[who] += ns
      if (who == "mon" && T10 != "") cpu["mon_td"] += ns
      if (who == "cli" && T1 != "") cpu["cli_wait"] += ns
    }
    END {
      printf "cli_to_spawn %s\n", ms(T0, T1)
      printf "monitor_exec %s\n", ms(T1, T2)
      printf "monitor_start %s\n", ms(T2, Tmk)
      printf "monitor_cgroups %s\n", ms(Tmk, T3)
      printf "init_exec %s\n", ms(T3, T4)
      printf "init_start %s\n", ms(T4, T5)
      printf "init_mounts %s\n", ms(T5, T6)
      printf "init_to_exec %s\n", ms(T6, T7)
      printf "exec_true %s\n", ms(T7, T8)
      printf "true_runs %s\n", ms(T8, T9)
      printf "monitor_reap %s\n", ms(T9, T10)
      printf "discards_before_exit %d\ndiscards %d\n", discards_before_exit, discards
      printf "monitor_teardown %s\n", ms(T10, T11)
      printf "total %s\n", ms(T0, T11)
      printf "cpu_cli %s\ncpu_monitor %s\ncpu_init %s\ncpu_true %s\n", cpu["cli"], cpu["mon"], cpu["init"], cpu["cmd"]
      printf "cpu_monitor_teardown %s\ncpu_cli_after_spawn %s\n", cpu["mon_td"], cpu["cli_wait"]
      printf "cpu_total %s\n", cpu["cli"] + cpu["mon"] + cpu["init"] + cpu["cmd"]
    }' >>"$WORK/phases.txt"
done

label() {
  case "$1" in
    cli_to_spawn) echo "CLI: exec → monitor spawned (runtime start, args, image, create record, spec, bundle)" ;;
    monitor_exec) echo "monitor: clone3 → exec" ;;
    monitor_start) echo "monitor: exec → first cgroup mkdir (runtime start, lock, record, spec, log)" ;;
    monitor_cgroups) echo "monitor: cgroups created → init cloned" ;;
    init_exec) echo "init: clone3 (new namespaces) → exec" ;;
    init_start) echo "init: exec → first mount (runtime start, config.json)" ;;
    init_mounts) echo "init: rootfs mounts → pivot_root" ;;
    init_to_exec) echo "init: pivot_root → execve (masks, read-only, hostname, caps, seccomp)" ;;
    exec_true) echo "execve of the command (tearing down the .NET process)" ;;
    true_runs) echo "the command runs" ;;
    monitor_reap) echo "monitor: command exit → reaped" ;;
    monitor_teardown) echo "monitor: reaped → CLI exits (cgroups, record, --rm, exit frame)" ;;
    discards_before_exit) echo "synchronous discards before the CLI exits (count)" ;;
    total) echo "**total (CLI exec → CLI exit)**" ;;
    cpu_cli) echo "CPU: CLI" ;;
    cpu_monitor) echo "CPU: monitor" ;;
    cpu_init) echo "CPU: init (before exec)" ;;
    cpu_true) echo "CPU: the command" ;;
    cpu_monitor_teardown) echo "CPU: monitor, after the reap" ;;
    cpu_cli_after_spawn) echo "CPU: CLI, after spawning the monitor" ;;
    cpu_total) echo "**CPU: all**" ;;
  esac
}
mkdir -p "$HERE/results"
{
echo "berth run --rm busybox true: $RUNS runs, load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo
echo "| phase | median ms | min | max |"
echo "| --- | --- | --- | --- |"
for key in cli_to_spawn monitor_exec monitor_start monitor_cgroups init_exec init_start init_mounts init_to_exec \
           exec_true true_runs monitor_reap monitor_teardown total discards_before_exit \
           cpu_cli cpu_cli_after_spawn cpu_monitor cpu_monitor_teardown cpu_init cpu_true cpu_total; do
  awk -v k="$key" '$1 == k && $2 != "" { print $2 }' "$WORK/phases.txt" | sort -n | awk -v l="$(label "$key")" '
    { v[NR] = $1 } END { if (NR == 0) { printf "| %s | — | | |\n", l; exit }
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "| %s | %.1f | %.1f | %.1f |\n", l, m, v[1], v[NR] }'
done
} | tee "$HERE/results/profile.md"
