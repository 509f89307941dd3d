#!/usr/bin/env bash
# run_read_bench.sh: the read-API benchmark of docs/BENCHMARKS.md, end to end.
# Starts `webox serve` on a free loopback port with a fresh data dir, a random admin key and
# Twilio auth token, creates the assistant, fills the log with calls through the real webhooks
# (call_load --calls N: every call greets, takes 3 turns, books, ends), then runs read_load
# (64 clients alternating GET /api/v1/calls and GET /api/v1/stats as admin on tenant
# "default", 2 s warm-up, 20 s measured), prints the machine, the results and the server's
# CPU during the read run, and stops the server by its PID.
#
#   bench/run_read_bench.sh
#   bench/run_read_bench.sh --calls 5000 --concurrency 64 --duration 10
#   bench/run_read_bench.sh --path /api/v1/calls --path '/api/v1/calls?limit=20'
#
# Options not listed here are passed to read_load as they are (e.g. --path P, --threads N).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WEBOX=${WEBOX:-}
LOAD=${CALL_LOAD:-}
READ_LOAD=${READ_LOAD:-}
CALLS=3000
CONCURRENCY=64
DURATION=20
WARMUP=2
KEEP=0
EXTRA=()

while [[ $# -gt 0 ]]; do
  case $1 in
    --webox) WEBOX=$2; shift 2 ;;
    --load) LOAD=$2; shift 2 ;;
    --read-load) READ_LOAD=$2; shift 2 ;;
    --calls) CALLS=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) EXTRA+=("$1"); shift ;;
  esac
done

PROG=run_read_bench
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
find_binaries
READ_LOAD=${READ_LOAD:-$(first_executable "$ROOT/build-bench/bench/read_load" "$ROOT/build/bench/read_load")} ||
  { echo "$PROG: no read_load binary (build it, or pass --read-load)" >&2; exit 2; }
make_secrets

WORK=$(mktemp -d /tmp/webox-bench.XXXXXX)
SERVER_PID=""
cleanup() {
  local rc=$?
  stop_server
  if [[ $rc -eq 0 && $KEEP -eq 0 ]]; then rm -rf "$WORK"; else echo "$PROG: kept $WORK" >&2; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 2' INT TERM

# 64 dashboards would hold 64 keys; here one admin key stands for all of them, so its
# per-key limit (1,000 requests/s by default, docs/CONFIGURATION.md "Limits") is lifted:
# what is measured is the read path, not the limiter. The per-address limit is off already.
export WEBOX_API_RATE_PER_KEY=0
start_server "$WORK/data"
NUMBER="+33123456789"
create_assistant "$NUMBER" fr

echo "== machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')," \
     "$(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "== engine: $WEBOX ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)), data on" \
     "$(df -P "$WORK" | awk 'NR==2 {print $1}'), load generator and server on the same machine"
echo "== filling: $LOAD --calls $CALLS (signed webhooks, 64 callers)"
WEBOX_TWILIO_AUTH_TOKEN=$TWILIO_AUTH_TOKEN "$LOAD" --url "$URL" --to "$NUMBER" --lang fr \
  --concurrency 64 --warmup 0 --calls "$CALLS" --json >"$WORK/fill.json" ||
  { echo "$PROG: filling failed: $(cat "$WORK/fill.json")" >&2; exit 1; }
echo "== filled: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["calls"], "calls,", d["requests"], "webhooks")' "$WORK/fill.json")"

cmd=("$READ_LOAD" --url "$URL" --tenant default --concurrency "$CONCURRENCY" \
     --duration "$DURATION" --warmup "$WARMUP" "${EXTRA[@]}")
echo "== ${cmd[*]} (admin key from WEBOX_API_KEY)"
echo "== load average $(cut -d' ' -f1-3 /proc/loadavg) before the read run"
server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
before=$(server_ticks)
TIMEFORMAT="== read_load CPU: user %U s, sys %S s over %R s of wall time"
set +e
time WEBOX_API_KEY=$ADMIN_KEY "${cmd[@]}"
rc=$?
set -e
after=$(server_ticks)
hz=$(getconf CLK_TCK)
echo "== server CPU during the run: $(awk -v t=$((after - before)) -v hz="$hz" 'BEGIN {printf "%.1f s", t/hz}')" \
     "over $(awk -v a="$WARMUP" -v b="$DURATION" 'BEGIN {print a + b}') s of wall time;" \
     "load average $(cut -d' ' -f1-3 /proc/loadavg) after"
exit $rc
