#!/usr/bin/env bash
# JMH suite (HPACK vs Netty, frame parsing, route lookup, in-memory engine round trip) with
# -prof gc allocation figures. Writes OUT_DIR/jmh.json and OUT_DIR/jmh.md (a table that
# BENCHMARKS.md includes).
#   benchmarks/jmh.sh [--quick] [OUT_DIR] [JMH regexp]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
quick=0
if [ "${1:-}" = "--quick" ]; then quick=1; shift; fi
out=${1:-benchmarks/results/jmh-$(date -u +%Y%m%d-%H%M%S)}
filter=${2:-}
mkdir -p "$out"
jar=benchmarks/target/celeris-benchmarks.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests -pl benchmarks -am
if [ "$quick" = 1 ]; then opts=(-f 1 -wi 2 -w 1s -i 3 -r 1s); else opts=(-f 1 -wi 3 -w 2s -i 5 -r 2s); fi
java -jar "$jar" "${opts[@]}" -prof gc -rf json -rff "$out/jmh.json" ${filter:+"$filter"} | tee "$out/jmh.txt"
java -cp "$jar" dev.celeris.benchmarks.report.JmhSummary "$out/jmh.json" "$out/jmh.md"
echo "Wrote $out/jmh.md"
