#!/usr/bin/env bash
# crash_check.sh: kill -9 the engine under call load, restart it on the same data, and check that
# every webhook it had answered 200 still has its events (a 200 promises they were durable).
#
#   bench/crash_check.sh                      # build-bench/webox, 1 round, 32 callers, kill after 3 s
#   bench/crash_check.sh --rounds 3 --concurrency 64 --kill-after 2
#   bench/crash_check.sh --webox build/webox --load build/bench/call_load --keep
#
# Expected events for a call whose first k webhooks were answered (voice, gathers, status):
#   voice  -> CallStarted, ReplyGenerated(turn 0), AudioSent(turn 0)
#   gather -> UtteranceTranscribed(turn i), ReplyGenerated(turn i), AudioSent(turn i)
#   status -> CallEnded
# Exits 0 when nothing answered was lost, 1 on any loss, 2 when the check could not run.
# Everything listens on 127.0.0.1 only. Security stays on: call_load signs its webhooks with
# the run's Twilio auth token, and the events are read back with the run's admin key.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WEBOX=${WEBOX:-}
LOAD=${CALL_LOAD:-}
CONCURRENCY=32
KILL_AFTER=3
ROUNDS=1
KEEP=0

usage() {
  sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  echo "options: --webox PATH --load PATH --concurrency C --kill-after SECONDS --rounds N --keep"
}
while [[ $# -gt 0 ]]; do
  case $1 in
    --webox) WEBOX=$2; shift 2 ;;
    --load) LOAD=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --kill-after) KILL_AFTER=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "crash_check: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

PROG=crash_check
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
find_binaries
make_secrets
WORK=$(mktemp -d /tmp/webox-crash.XXXXXX)
DATA=$WORK/data
NUMBER="+33123456789"
SERVER_PID=""
LOAD_PID=""

# Whatever happens, stop what this script started, by PID only.
cleanup() {
  local rc=$?
  [[ -n $LOAD_PID ]] && kill "$LOAD_PID" 2>/dev/null || true
  stop_server
  if [[ $rc -eq 0 && $KEEP -eq 0 ]]; then rm -rf "$WORK"; else echo "crash_check: kept $WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 2' INT TERM

echo "crash_check: $WEBOX, data in $DATA, $ROUNDS round(s) of $CONCURRENCY callers killed after ${KILL_AFTER}s"
start_server "$DATA"
create_assistant "$NUMBER" fr
: >"$WORK/answered"

for round in $(seq "$ROUNDS"); do
  # The load outlives the server by a second, so it sees the crash and keeps what was answered.
  # It signs with the run's token, its --auth-token default (kept off argv: see lib.sh).
  WEBOX_TWILIO_AUTH_TOKEN=$TWILIO_AUTH_TOKEN \
    "$LOAD" --url "$URL" --to "$NUMBER" --concurrency "$CONCURRENCY" --warmup 0 \
    --duration "$((KILL_AFTER + 1))" --record "$WORK/record.$round" >"$WORK/load.$round.txt" 2>&1 &
  LOAD_PID=$!
  sleep "$KILL_AFTER"
  kill -KILL "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  wait "$LOAD_PID" || true  # it reports the connection errors the kill caused: expected
  LOAD_PID=""
  if [[ ! -f $WORK/record.$round.answered ]]; then
    echo "crash_check: call_load wrote no record; its output:" >&2
    cat "$WORK/load.$round.txt" >&2
    exit 2
  fi
  cat "$WORK/record.$round.answered" >>"$WORK/answered"
  echo "round $round: killed pid with $(wc -l <"$WORK/record.$round.answered") answered calls" \
       "($(wc -l <"$WORK/record.$round") completed); restarting on the same data"
  start_server "$DATA"
done

# Every call answered in every round so far must still be whole. The admin key goes by the
# environment (see lib.sh).
BENCH_ADMIN_KEY=$ADMIN_KEY python3 - "$URL" "$WORK/answered" <<'EOF'
import http.client, json, os, sys, urllib.parse

url, answered_file = sys.argv[1], sys.argv[2]
# Admin acting on the tenant that owns the bench's number: its calls, and no 404 for scope.
HEADERS = {"Authorization": "Bearer " + os.environ["BENCH_ADMIN_KEY"], "X-Webox-Tenant": "default"}
host_port = urllib.parse.urlsplit(url).netloc
GATHERS = 3  # call_load's default scenario: voice, 3 gathers, status

calls = {}
for line in open(answered_file):
    sid, k = line.split()
    calls[sid] = max(calls.get(sid, 0), int(k))
def give_up(message):
    print("crash_check: " + message, file=sys.stderr)
    sys.exit(2)

if not calls:
    give_up("no webhook was answered before the kill; nothing was checked")

def expected(k):
    """(type, turn) pairs the first k answered webhooks imply; turn None: no turn."""
    want = [("CallStarted", None), ("ReplyGenerated", 0), ("AudioSent", 0)]
    for turn in range(1, min(k - 1, GATHERS) + 1):
        want += [("UtteranceTranscribed", turn), ("ReplyGenerated", turn), ("AudioSent", turn)]
    if k >= GATHERS + 2:
        want.append(("CallEnded", None))
    return want

# Other types (BookingConfirmed, ...) depend on the dialogue: neither required nor counted.
SCENARIO_TYPES = {"CallStarted", "UtteranceTranscribed", "ReplyGenerated", "AudioSent", "CallEnded"}

conn = http.client.HTTPConnection(host_port, timeout=30)
lost, extra, checked_events = [], 0, 0
for sid, k in sorted(calls.items()):
    conn.request("GET", f"/api/v1/calls/{sid}/events", headers=HEADERS)
    resp = conn.getresponse()
    body = resp.read()
    if resp.status == 404:
        lost.append(f"{sid}: {k} webhook(s) answered, but the call is unknown (404)")
        continue
    if resp.status != 200:
        give_up(f"GET events of {sid} answered HTTP {resp.status}: {body[:200]!r}")
    doc = json.loads(body)
    events = doc.get("events", doc) if isinstance(doc, dict) else doc
    have = {}
    for e in events:
        data = e.get("data") or {}
        have.setdefault(e.get("type"), []).append(data.get("turn"))
    checked_events += len(events)
    missing = []
    for typ, turn in expected(k):
        turns = have.get(typ, [])
        if turn is None or all(t is None for t in turns):
            # No turn to match on: count instead.
            need = sum(1 for t2, _ in expected(k) if t2 == typ)
            if len(turns) < need and typ not in missing:
                missing.append(typ)
        elif turn not in turns:
            missing.append(f"{typ}(turn {turn})")
    if missing:
        lost.append(f"{sid}: {k} webhook(s) answered, missing {', '.join(missing)}")
    # At most one more webhook (sent, processed, answer lost in the kill) may show.
    scenario_events = sum(1 for e in events if e.get("type") in SCENARIO_TYPES)
    if scenario_events > len(expected(min(k + 1, GATHERS + 2))):
        extra += 1

print(f"crash_check: {len(calls)} calls with answered webhooks checked, {checked_events} events read")
if extra:
    print(f"crash_check: warning: {extra} call(s) hold more events than their answered webhooks "
          f"plus one in flight imply (duplicates?)")
if lost:
    print(f"crash_check: FAIL: {len(lost)} call(s) lost answered events:", file=sys.stderr)
    for line in lost[:20]:
        print("  " + line, file=sys.stderr)
    if len(lost) > 20:
        print(f"  ... and {len(lost) - 20} more", file=sys.stderr)
    sys.exit(1)
print("crash_check: OK: nothing answered was lost")
EOF
