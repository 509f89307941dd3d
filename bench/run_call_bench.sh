#!/usr/bin/env bash
# run_call_bench.sh: the call benchmark of docs/BENCHMARKS.md, end to end.
# Starts `webox serve` on a free loopback port with a fresh data dir, a random admin key and
# Twilio auth token, creates the assistant (as admin, for tenant "default"), runs call_load
# (64 callers, 2 s warm-up, 20 s measured, every webhook signed), prints the machine and the
# results, and stops the server by its PID.
#
#   bench/run_call_bench.sh
#   bench/run_call_bench.sh --concurrency 16 --duration 10 --warmup 1 --threads 1 --lang en
#   bench/run_call_bench.sh --webox build/webox --load build/bench/call_load --json
#   bench/run_call_bench.sh --signatures off   # the server skips the check: its cost, by A/B
#
# Options not listed here are passed to call_load as they are (e.g. --lines FILE, --calls N).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WEBOX=${WEBOX:-}
LOAD=${CALL_LOAD:-}
CONCURRENCY=64
DURATION=20
WARMUP=2
THREADS=1
LANG_=fr
KEEP=0
SIGNATURES=check
EXTRA=()

while [[ $# -gt 0 ]]; do
  case $1 in
    --webox) WEBOX=$2; shift 2 ;;
    --load) LOAD=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --lang) LANG_=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --signatures) SIGNATURES=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) EXTRA+=("$1"); shift ;;
  esac
done

[[ $SIGNATURES == check || $SIGNATURES == off ]] ||
  { echo "run_call_bench: --signatures must be check or off" >&2; exit 2; }

PROG=run_call_bench
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
find_binaries
make_secrets

WORK=$(mktemp -d /tmp/webox-bench.XXXXXX)
SERVER_PID=""
cleanup() {
  local rc=$?
  stop_server
  if [[ $rc -eq 0 && $KEEP -eq 0 ]]; then rm -rf "$WORK"; else echo "run_call_bench: kept $WORK" >&2; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 2' INT TERM

start_server "$WORK/data"
NUMBER="+33123456789"
create_assistant "$NUMBER" "$LANG_"

# Notes go to stdout for people, to stderr when stdout is call_load's JSON.
note() { if [[ " ${EXTRA[*]-} " == *" --json "* ]]; then echo "$@" >&2; else echo "$@"; fi; }
# The machine matters as much as the figures: 2 cores shared with a load generator is not 32.
note "== machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')," \
     "$(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo), $(uname -sr)," \
     "load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
note "== engine: $WEBOX ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)), data on" \
     "$(df -P "$WORK" | awk 'NR==2 {print $1}'), load generator and server on the same machine," \
     "Twilio signatures: $SIGNATURES (call_load signs either way)"
cmd=("$LOAD" --url "$URL" --to "$NUMBER" --lang "$LANG_" --concurrency "$CONCURRENCY" \
     --threads "$THREADS" --duration "$DURATION" --warmup "$WARMUP" "${EXTRA[@]}")
note "== ${cmd[*]} (signing with this run's token, from WEBOX_TWILIO_AUTH_TOKEN)"
export WEBOX_TWILIO_AUTH_TOKEN=$TWILIO_AUTH_TOKEN  # call_load's default for --auth-token
# CPU time of each side tells whether the load generator was the bottleneck.
server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
before=$(server_ticks)
TIMEFORMAT="== call_load CPU: user %U s, sys %S s over %R s of wall time"
set +e
time "${cmd[@]}"
rc=$?
set -e
after=$(server_ticks)
hz=$(getconf CLK_TCK)
note "== server CPU during the run: $(awk -v t=$((after - before)) -v hz="$hz" 'BEGIN {printf "%.1f s", t/hz}')" \
     "over $(awk -v a="$WARMUP" -v b="$DURATION" 'BEGIN {print a + b}') s of wall time"
exit $rc
