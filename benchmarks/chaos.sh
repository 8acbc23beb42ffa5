#!/usr/bin/env bash
# Chaos under load, then a graceful shutdown: while h2load runs against the demo, clients reset
# mid-request, RST_STREAM at random points, stop reading, half-close; then SIGTERM with streams
# in flight checks GOAWAY's last-stream-id promise (RFC 9113 §6.8) and the exit time.
#
#   benchmarks/chaos.sh [--seconds 60] [--transport nio|netty|jetty|all]
#
# Default: 60 seconds of chaos on each transport. Exits non-zero if any transport fails.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh

seconds=60; transports="nio netty jetty"
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift ;;
    --transport) [ "$2" = all ] || transports="$2"; shift ;;
    *) echo "usage: $0 [--seconds N] [--transport nio|netty|jetty|all]" >&2; exit 2 ;;
  esac
  shift
done
if ! command -v h2load >/dev/null; then
  echo "Installing h2load (nghttp2-client)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nghttp2-client >/dev/null
fi
if [ -z "${CELERIS_SOAK_NO_BUILD:-}" ]; then
  echo "Building (once)..."
  mvn -B -q package -DskipTests -pl benchmarks -am ${CELERIS_BENCH_OFFLINE:+-o}
fi
jar=benchmarks/target/celeris-benchmarks.jar
status=0
for t in $transports; do
  java -cp "$jar" dev.celeris.benchmarks.soak.ChaosMain --transport "$t" --seconds "$seconds" || status=1
done
exit $status
