#!/usr/bin/env bash
# berth's whole loop in a minute, with docker's commands: build an image from a Dockerfile, run it
# with a published port, ship it through berth's own registry, pull it back and run it again.
# Uses its own state root and registry directory, and removes both at the end.
set -euo pipefail
berth=${BERTH:-berth}
export BERTH_ROOT=${BERTH_ROOT:-/var/lib/berth-demo}
here=$(cd "$(dirname "$0")" && pwd)
registry_dir=$(mktemp -d /tmp/berth-demo-registry.XXXXXX)
export DOCKER_CONFIG=$registry_dir/client
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { say "$*"; "$@"; }
cleanup() {
  $berth rm -f web >/dev/null 2>&1 || true
  [ -n "${registry_pid:-}" ] && kill "$registry_pid" 2>/dev/null && wait "$registry_pid" 2>/dev/null
  $berth network prune -f >/dev/null 2>&1 || true
  rm -rf "$BERTH_ROOT" "$registry_dir"
}
trap cleanup EXIT

say "examples/busybox-rootfs.sh | berth import - busybox"
"$here/busybox-rootfs.sh" | $berth import - busybox
run $berth run --rm --hostname demo busybox sh -c 'echo "pid $$ on $(hostname), caps $(grep CapEff /proc/self/status | cut -f2)"'

run $berth build -t web:1 "$here/web"
run $berth run -d --name web -p 18080:80 web:1
run $berth port web
say "busybox wget -qO- http://127.0.0.1:18080/   (from the host, through the published port)"
for _ in $(seq 50); do busybox wget -qO- http://127.0.0.1:18080/ 2>/dev/null && break; sleep 0.1; done
run $berth exec web sh -c 'echo "exec: $(ps | wc -l) processes in web"'
run $berth ps --format 'table {{.Names}}\t{{.Image}}\t{{.Status}}\t{{.Ports}}'

say "berth registry serve --addr 127.0.0.1:15000 --root $registry_dir/store &"
$berth registry serve --addr 127.0.0.1:15000 --root "$registry_dir/store" >"$registry_dir/serve.log" 2>&1 &
registry_pid=$!
for _ in $(seq 50); do busybox wget -qO- http://127.0.0.1:15000/v2/ >/dev/null 2>&1 && break; sleep 0.1; done
run $berth tag web:1 127.0.0.1:15000/demo/web:1
run $berth push 127.0.0.1:15000/demo/web:1
run $berth rm -f web
run $berth rmi web:1 127.0.0.1:15000/demo/web:1
run $berth pull 127.0.0.1:15000/demo/web:1
run $berth run --rm 127.0.0.1:15000/demo/web:1 cat /www/index.html

say "berth run --rm -m 16m busybox sh -c '<eat memory>'   # the OOM killer ends it: exit 137"
set +e
$berth run --rm -m 16m busybox sh -c 'x=a; while true; do x="$x$x"; done'
echo "exit code: $?"
set -e
printf '\nDone: the demo state in %s is removed.\n' "$BERTH_ROOT"
