# bench/lib.sh: what the bench scripts share. Source it with PROG (the script's name, for
# messages), ROOT (the repository) and WORK (the script's scratch folder) set. Loopback only;
# servers are stopped by their PID.
#
# Security is on, as in production: the API wants the admin key, every webhook a Twilio
# signature. make_secrets draws both per run; the engine makes tenant "default" with that
# auth token on its first start, and keeps it (sealed in the log) across restarts. Secrets
# travel by environment or stdin, never argv: `ps` shows argv to everyone on the machine.

first_executable() {
  for f in "$@"; do [[ -x $f ]] && { echo "$f"; return; }; done
  return 1
}

# Sets WEBOX and LOAD, unless the caller gave them, from build-bench/ then build/.
find_binaries() {
  WEBOX=${WEBOX:-$(first_executable "$ROOT/build-bench/webox" "$ROOT/build/webox")} ||
    { echo "$PROG: no webox binary (build it, or pass --webox)" >&2; exit 2; }
  LOAD=${LOAD:-$(first_executable "$ROOT/build-bench/bench/call_load" "$ROOT/build/bench/call_load")} ||
    { echo "$PROG: no call_load binary (build it, or pass --load)" >&2; exit 2; }
}

# Sets ADMIN_KEY (the API's admin bearer key) and TWILIO_AUTH_TOKEN (the default tenant's
# Twilio auth token, which call_load signs with), fresh random values that die with the run.
make_secrets() {
  ADMIN_KEY=$(python3 -c 'import secrets; print("bench-admin-" + secrets.token_hex(24))')
  TWILIO_AUTH_TOKEN=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_server DATA_DIR: webox serve on a free loopback port, its output appended to
# $WORK/server.log; sets PORT, URL and SERVER_PID and waits up to 60 s for /healthz
# (recovering a large log after a crash takes a while). Needs make_secrets first. Signatures
# are checked unless SIGNATURES=off (for an A/B of their cost); the setting is always given,
# so a WEBOX_TWILIO_SIGNATURES in the caller's shell cannot change what is measured. The
# server prints the default tenant's owner key and token at first start: server.log stays in
# WORK (mode 0700, removed after a good run).
start_server() {
  [[ -n ${ADMIN_KEY:-} && -n ${TWILIO_AUTH_TOKEN:-} ]] ||
    { echo "$PROG: start_server needs make_secrets first" >&2; exit 2; }
  PORT=$(free_port)
  URL="http://127.0.0.1:$PORT"
  # No per-address API rate limit: crash_check.sh reads every call back through the API, from
  # this one address, as fast as it can (the Twilio routes' default limit stays on).
  WEBOX_ADMIN_KEY=$ADMIN_KEY WEBOX_TWILIO_AUTH_TOKEN=$TWILIO_AUTH_TOKEN \
    WEBOX_TWILIO_SIGNATURES=${SIGNATURES:-check} WEBOX_API_RATE_PER_ADDRESS=0 \
    "$WEBOX" serve --listen "127.0.0.1:$PORT" --data "$1" >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 600); do
    if curl -sf -o /dev/null "$URL/healthz"; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      wait "$SERVER_PID" 2>/dev/null || true
      SERVER_PID=""
      echo "$PROG: the server exited while starting; end of $WORK/server.log:" >&2
      tail -20 "$WORK/server.log" >&2
      exit 2
    fi
    sleep 0.1
  done
  echo "$PROG: $URL/healthz did not answer within 60 s" >&2
  exit 2
}

# SIGTERM (a clean stop prints the log-writer report), SIGKILL after 10 s.
stop_server() {
  [[ -z $SERVER_PID ]] && return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

# create_assistant NUMBER LANGUAGE: the restaurant both benches call, owned by tenant "default"
# (the admin key names the tenant it acts on). No opening_hours: always open, so "demain soir
# à 20h" books whatever day the bench runs.
create_assistant() {
  local code
  code=$(curl -s -o "$WORK/assistant.json" -w '%{http_code}' -X POST "$URL/api/v1/assistants" \
    -H @- <<<"Authorization: Bearer $ADMIN_KEY" -H 'X-Webox-Tenant: default' \
    -H 'Content-Type: application/json' \
    -d '{"name":"Chez Marcel","phone_number":"'"$1"'","language":"'"$2"'",
         "context_data":{"business_name":"Chez Marcel","address":"12 rue de la Paix, 75002 Paris",
                         "capacity":8,"utc_offset":"+01:00"}}')
  if [[ $code != 2* ]]; then
    echo "$PROG: creating the assistant answered HTTP $code: $(cat "$WORK/assistant.json")" >&2
    exit 2
  fi
}
