#!/usr/bin/env bash
# Soak: mixed load over long-lived HTTP/2 and HTTP/1.1 connections against the demo, then leak
# checks (heap after full GC, fds, threads, HTTP/2 window credit, latency drift).
#
#   benchmarks/soak.sh [--minutes 10] [--transport nio|netty|jetty|all] [--h2 4] [--h1 2]
#
# Default: 10 minutes on each transport. Exits non-zero if any transport fails. Each run prints
# a PASS/FAIL line per check; see SoakMain for what is checked.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh

minutes=10; transports="nio netty jetty"; extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift ;;
    --transport) [ "$2" = all ] || transports="$2"; shift ;;
    --h2|--h1) extra+=("$1" "$2"); shift ;;
    *) echo "usage: $0 [--minutes N] [--transport nio|netty|jetty|all] [--h2 N] [--h1 N]" >&2; exit 2 ;;
  esac
  shift
done

if [ -z "${CELERIS_SOAK_NO_BUILD:-}" ]; then
  echo "Building (once)..."
  mvn -B -q package -DskipTests -pl benchmarks -am ${CELERIS_BENCH_OFFLINE:+-o}
fi
jar=benchmarks/target/celeris-benchmarks.jar
status=0
for t in $transports; do
  java -cp "$jar" dev.celeris.benchmarks.soak.SoakMain --transport "$t" --minutes "$minutes" "${extra[@]}" || status=1
done
exit $status
