#!/usr/bin/env bash
# berth's main job in one minute: an image from a tarball, then containers run, inspected, limited
# and removed, with docker's commands. Uses its own state root, and removes it at the end.
set -euo pipefail
berth=${BERTH:-berth}
export BERTH_ROOT=${BERTH_ROOT:-/var/lib/berth-demo}
here=$(cd "$(dirname "$0")" && pwd)
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { say "$*"; "$@"; }
cleanup() { $berth rm -f web >/dev/null 2>&1 || true; rm -rf "$BERTH_ROOT"; }
trap cleanup EXIT

say "examples/busybox-rootfs.sh | berth import - busybox"
"$here/busybox-rootfs.sh" | $berth import - busybox
run $berth images
run $berth run --rm busybox echo "hello from a berth container"
run $berth run --rm --hostname demo busybox sh -c 'echo "pid $$ on $(hostname), caps $(grep CapEff /proc/self/status | cut -f2)"'
say "berth run -d --init --name web --network host -v $PWD/examples/www:/www:ro busybox httpd -f -p 127.0.0.1:18080 -h /www"
$berth run -d --init --name web --network host -v "$here/www:/www:ro" busybox httpd -f -p 127.0.0.1:18080 -h /www
run $berth ps
say "wget -qO- http://127.0.0.1:18080/   (from a second container)"
for _ in $(seq 50); do $berth run --rm --network host busybox wget -qO- http://127.0.0.1:18080/ 2>/dev/null && break; sleep 0.1; done
run $berth exec web sh -c 'echo "exec: $(ps | wc -l) processes in web"'
run $berth stats --no-stream web
run $berth stop web
run $berth ps -a --format 'table {{.Names}}\t{{.Status}}'
say "berth run --rm -m 16m busybox sh -c '<eat memory>'   # the OOM killer ends it: exit 137"
set +e
$berth run --rm -m 16m busybox sh -c 'x=a; while true; do x="$x$x"; done'
echo "exit code: $?"
set -e
run $berth rm web
printf '\nDone: the demo state in %s is removed.\n' "$BERTH_ROOT"
