#!/usr/bin/env bash
# Benchmark: the mock Zoom alone (the limit), zoom-user-token's broker (packaged JVM app, Server-to-Server OAuth),
# and a peer broker on Zoom's Node SDK (@zoom/rivet), side by side in one run, on 127.0.0.1 only.
# Usage: bench/run.sh            (WARMUP=30 DURATION=10 by default, in seconds; BROKER_JAVA_OPTS, default
#                                 "-Xmx128m -XX:+UseParallelGC", as a 256 MB container limit would size it)
# Prints a Markdown table and writes it to bench/.run/results.md. Not part of .ci/run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
BENCH=$ROOT/bench
RUN=$BENCH/.run
WARMUP=${WARMUP:-30}
DURATION=${DURATION:-10}
TARGETS=${TARGETS:-mock broker peer}
MOCK_PORT=18090
BROKER_PORT=18091
PEER_PORT=18092
ISSUER=https://bench.zoom-user-token.local
TICKS=$(getconf CLK_TCK)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  [ -f "$RUN/nginx.pid" ] && nginx -p "$RUN" -c "$RUN/nginx.conf" -s stop 2>/dev/null || true
}
trap cleanup EXIT

install() {
  command -v wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; }
  command -v nginx >/dev/null || apt-get install -y -q nginx-light || apt-get install -y -q nginx
  command -v node >/dev/null || apt-get install -y -q nodejs npm
  [ -d "$BENCH/rivet-broker/node_modules/@zoom/rivet" ] || (cd "$BENCH/rivet-broker" && npm ci --no-audit --no-fund)
  if [ ! -f target/quarkus-app/quarkus-run.jar ] || [ "${REBUILD:-0}" = 1 ]; then ./mvnw -B -q package -DskipTests; fi
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

caller_jwt() {
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$RUN/caller-private.pem" 2>/dev/null
  openssl pkey -in "$RUN/caller-private.pem" -pubout -out "$RUN/caller-public.pem"
  local now header payload signature
  now=$(date +%s)
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"iss":"%s","sub":"bench-admin","upn":"bench-admin@example.com","groups":["zoom-token-admin"],"iat":%d,"exp":%d}' \
    "$ISSUER" "$now" "$((now + 86400))" | b64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$RUN/caller-private.pem" | b64url)
  printf '%s.%s.%s' "$header" "$payload" "$signature"
}

start_mock() { # $1: nginx split_clients lines for faults, or empty
  mkdir -p "$RUN/client_body_temp" "$RUN/proxy_temp" "$RUN/fastcgi_temp" "$RUN/uwsgi_temp" "$RUN/scgi_temp"
  sed -e "s|__PORT__|$MOCK_PORT|" -e "s|__RUN_DIR__|$RUN|g" -e "s|__FAULTS__|$1|" "$BENCH/mock/nginx.conf" > "$RUN/nginx.conf"
  nginx -p "$RUN" -c "$RUN/nginx.conf"
  wait_for "http://127.0.0.1:$MOCK_PORT/v2/users/probe/token"
}

wait_for() { # bounded: 60 s
  for _ in $(seq 1 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "not reachable: $1" >&2; return 1
}

start_broker() {
  ZOOM_API_URL=http://127.0.0.1:$MOCK_PORT/v2 ZOOM_OAUTH_URL=http://127.0.0.1:$MOCK_PORT/oauth/token \
  ZOOM_ACCOUNT_ID=bench-account ZOOM_CLIENT_ID=bench-client ZOOM_CLIENT_SECRET=bench-secret \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION=$RUN/caller-public.pem MP_JWT_VERIFY_ISSUER=$ISSUER \
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$BROKER_PORT ZOOM_RATE_LIMIT_ENABLED=false \
    java ${BROKER_JAVA_OPTS:--Xmx128m -XX:+UseParallelGC} -jar target/quarkus-app/quarkus-run.jar > "$RUN/broker.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$BROKER_PORT/q/health/live"
}

start_peer() {
  MOCK_URL=http://127.0.0.1:$MOCK_PORT PORT=$PEER_PORT ISSUER=$ISSUER PUBLIC_KEY_FILE=$RUN/caller-public.pem \
    node "$BENCH/rivet-broker/server.mjs" > "$RUN/peer.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$PEER_PORT/"
}

wanted() { [[ " $TARGETS " == *" $1 "* ]]; }
stop_last() { kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
peak_rss_mb() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
oauth_requests() { [ -f "$RUN/oauth.log" ] && wc -l < "$RUN/oauth.log" || echo 0; }

run_wrk() { # $1 connections, $2 seconds, $3 port, $4 path prefix
  local threads=$(( $1 < 2 ? 1 : 2 ))
  CALLER_JWT=$JWT PATH_PREFIX=$4 timeout $(( $2 + 30 )) \
    wrk -t"$threads" -c"$1" -d"$2"s --timeout 5s -s "$BENCH/wrk/users.lua" "http://127.0.0.1:$3" | tail -n 1
}

measure() { # $1 name, $2 pid, $3 port, $4 path prefix
  local name=$1 pid=$2 port=$3 prefix=$4
  [ "$WARMUP" -gt 0 ] && run_wrk 64 "$WARMUP" "$port" "$prefix" > /dev/null
  for conns in 1 64; do
    local before after json cpu
    before=$(cpu_ticks "$pid")
    json=$(run_wrk "$conns" "$DURATION" "$port" "$prefix")
    after=$(cpu_ticks "$pid")
    cpu=$(awk -v t="$((after - before))" -v hz="$TICKS" -v d="$DURATION" 'BEGIN {printf "%.0f", t / hz / d * 100}')
    echo "$name|$conns|$json|$cpu|$(peak_rss_mb "$pid")|$(oauth_requests)" >> "$RUN/raw.txt"
    echo "  $name, $conns connection(s): $json cpu=${cpu}% peak_rss=$(peak_rss_mb "$pid")MB" >&2
  done
}

field() { sed -n "s/.*\"$2\":\([0-9.]*\).*/\1/p" <<<"$1"; }

report() {
  {
    echo "| target | connections | requests/s | p50 ms | p99 ms | p99.9 ms | errors | CPU % | peak RSS MB | OAuth token requests |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    while IFS='|' read -r name conns json cpu rss oauth; do
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$conns" "$(field "$json" rps)" \
        "$(field "$json" p50_ms)" "$(field "$json" p99_ms)" "$(field "$json" p999_ms)" "$(field "$json" errors)" \
        "$cpu" "$rss" "$oauth"
    done < "$RUN/raw.txt"
    echo
    for conns in 1 64; do
      local mock broker peer
      mock=$(awk -F'|' -v c="$conns" '$1 == "mock alone" && $2 == c {print $3}' "$RUN/raw.txt" | sed 's/.*"rps":\([0-9.]*\).*/\1/')
      broker=$(awk -F'|' -v c="$conns" '$1 == "zoom-user-token" && $2 == c {print $3}' "$RUN/raw.txt" | sed 's/.*"rps":\([0-9.]*\).*/\1/')
      peer=$(awk -F'|' -v c="$conns" '$1 == "@zoom/rivet" && $2 == c {print $3}' "$RUN/raw.txt" | sed 's/.*"rps":\([0-9.]*\).*/\1/')
      [ -n "$mock" ] && [ -n "$broker" ] && [ -n "$peer" ] || continue
      awk -v c="$conns" -v m="$mock" -v b="$broker" -v p="$peer" \
        'BEGIN {printf "- %s connection(s): broker/peer %.2fx, broker/limit %.3f\n", c, b / p, b / m}'
    done
  } > "$RUN/results.md"
  cat "$RUN/results.md"
}

main() {
  rm -rf "$RUN" && mkdir -p "$RUN"
  install
  JWT=$(caller_jwt)
  start_mock ""
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr); java $(java -version 2>&1 | head -1 | cut -d'"' -f2); node $(node --version); warm-up ${WARMUP}s, runs ${DURATION}s" | tee "$RUN/machine.txt" >&2
  if wanted mock; then measure "mock alone" "$(pgrep -f 'nginx: worker' | head -1)" "$MOCK_PORT" /v2/users/; fi
  if wanted broker; then
    : > "$RUN/oauth.log"
    start_broker
    measure "zoom-user-token" "${PIDS[-1]}" "$BROKER_PORT" /api/v1/users/
    stop_last
  fi
  if wanted peer; then
    : > "$RUN/oauth.log"
    start_peer
    measure "@zoom/rivet" "${PIDS[-1]}" "$PEER_PORT" /api/v1/users/
    stop_last
  fi
  report
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then main "$@"; fi
