#!/usr/bin/env bash
# Writes the broker's AOT cache (JDK 25, JEP 483/514/515) inside the image build, with the JVM and the paths the
# container runs with, so the JVM can use it: starts the broker recording (-XX:AOTCacheOutput), sends it the requests
# that need no Zoom (a token request without and with a bad caller JWT: problem documents; health; metrics; OpenAPI),
# and stops it; the JVM writes the cache as it exits. Nothing of this run stays in the image but the cache.
# The training key is a public key whose private key was thrown away: it verifies no token, and the running
# container reads its own from MP_JWT_VERIFY_PUBLICKEY_LOCATION.
# Usage (Dockerfile.jvm-aot): aot-training.sh <quarkus-app directory> <JAVA_OPTS>
set -euo pipefail
app=$(cd "$1" && pwd) # absolute: the cache records the class path as given, and the container runs /deployments/...
opts=$2
here=$(cd "$(dirname "$0")" && pwd)
port=18080

request() { # $1 path, $2 extra header line or empty; plain bash (the runtime image has no curl)
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: localhost\r\n%sConnection: close\r\n\r\n' "$1" "${2:+$2$'\r\n'}" >&3
  head -c 200 <&3 | head -n 1
  exec 3<&-
}

# shellcheck disable=SC2086
ZOOM_ACCESS_TOKEN=aot-training ZOOM_API_URL=http://127.0.0.1:9/v2 \
MP_JWT_VERIFY_PUBLICKEY_LOCATION="$here/aot-training-public-key.pem" MP_JWT_VERIFY_ISSUER=https://aot-training.invalid \
QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$port \
  java $opts -XX:AOTCacheOutput="$app/app.aot" -jar "$app/quarkus-run.jar" &
broker=$!
for _ in $(seq 1 600); do request /q/health/live >/dev/null 2>&1 && break; sleep 0.1; done
for _ in $(seq 1 50); do
  request /api/v1/users/someone@example.com/token ''
  request /api/v1/users/someone@example.com/token 'Authorization: Bearer not.a.jwt'
  request '/api/v1/users/someone@example.com/token?type=bogus' ''
  request /q/health/ready ''
  request /q/metrics ''
done >/dev/null
request /q/openapi '' >/dev/null
kill -TERM "$broker"
wait "$broker" || true
test -s "$app/app.aot"
