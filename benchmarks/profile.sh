#!/usr/bin/env bash
# Profiles one benchmark server under one scenario and writes flame graphs:
#   benchmarks/profile.sh SERVER SCENARIO [--duration S] [--event cpu|alloc|wall] [--level "-c 8 -m 32"]
#   e.g. benchmarks/profile.sh celeris-router-nio hello
# SERVER is a PeerMain name (celeris-nio, celeris-router-nio, netty-native, ...); SCENARIO one of
# run.sh's (hello json params echo download h1-hello). The server is warmed for 5 s, then profiled
# for S seconds (default 10) while h2load drives the scenario, with
#   - async-profiler (tools.profiler:async-profiler from Maven Central, its bundled native
#     library attached through jcmd): OUT/async-EVENT.html and OUT/async-EVENT.collapsed. Where perf events are not permitted
#     (containers, perf_event_paranoid > 1) it samples with a CPU timer instead and says so;
#   - JFR (settings=profile) over the same window: OUT/profile.jfr, converted to OUT/jfr-cpu.html
#     and OUT/jfr-alloc.html with async-profiler's jfr-converter.
# OUT is benchmarks/results/profile-SERVER-SCENARIO-<stamp>/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh

server=${1:?usage: profile.sh SERVER SCENARIO [--duration S] [--event cpu|alloc|wall] [--level L]}
sc=${2:?usage: profile.sh SERVER SCENARIO [--duration S] [--event cpu|alloc|wall] [--level L]}
shift 2
duration=10 event=cpu level="-c 8 -m 32"
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift ;;
    --event) event="$2"; shift ;;
    --level) level="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
ap_version=4.1
jar=benchmarks/target/celeris-benchmarks.jar
tools=benchmarks/target/profiler
[ -f "$jar" ] || mvn -B -q package -DskipTests -pl benchmarks -am ${CELERIS_BENCH_OFFLINE:+-o}
if [ ! -f "$tools/async-profiler-$ap_version.jar" ] || [ ! -f "$tools/jfr-converter-$ap_version.jar" ]; then
  for a in async-profiler jfr-converter; do
    mvn -B -q -N dependency:copy -Dartifact="tools.profiler:$a:$ap_version" -DoutputDirectory="$tools"
  done
fi
lib="$PWD/$tools/linux-$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')/libasyncProfiler.so"
[ -f "$lib" ] || (cd "$tools" && unzip -q -o "async-profiler-$ap_version.jar" 'linux-*/libasyncProfiler.so')

out="$PWD/benchmarks/results/profile-$server-$sc-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
payload="$out/echo-1k.json"
python3 -c "import json;print(json.dumps({'data':'x'*1000},separators=(',',':')),end='')" > "$payload"
. benchmarks/scenarios.sh
scenario "$sc"
if [ "$kind" != http ]; then echo "profile.sh drives plain-HTTP scenarios only ($sc needs a $kind listener)" >&2; exit 2; fi

# Same pinning as run.sh: server on the first half of the CPUs, h2load on the rest.
read -r -a cpus <<< "$(python3 -c 'import os; print(" ".join(map(str, sorted(os.sched_getaffinity(0)))))')"
server_pin=() client_pin=() io_threads=${#cpus[@]}
if [ "${#cpus[@]}" -ge 2 ]; then
  half=$(( ${#cpus[@]} / 2 )); io_threads=$half
  server_pin=(taskset -c "$(IFS=,; echo "${cpus[*]:0:half}")"); client_pin=(taskset -c "$(IFS=,; echo "${cpus[*]:half}")")
fi

# -XX:+DebugNonSafepoints: frames attributed to the right inlined method, for both profilers.
"${server_pin[@]}" java -Xms1g -Xmx1g -XX:+UseG1GC -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
  -cp "$jar" dev.celeris.benchmarks.peers.PeerMain "$server" --io-threads "$io_threads" > "$out/server.out" 2> "$out/server.err" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 150); do grep -q '^listening' "$out/server.out" 2>/dev/null && break; sleep 0.2; done
port=$(awk '/^listening/{print $3}' "$out/server.out")
[ -n "$port" ] || { echo "server $server did not start; see $out/server.err" >&2; exit 1; }
url="http://127.0.0.1:$port$path"

echo "Warming $server on $sc for 5 s"
"${client_pin[@]}" h2load -c 8 -m 32 -D 5 "${opts[@]}" "$url" > "$out/warmup.txt" 2>&1 || true

ap_ok=0
# The agent's options go quoted: jcmd would otherwise read their '=' as its own key=value arguments.
if jcmd "$pid" JVMTI.agent_load "$lib" "\"start,event=$event,interval=1ms,file=$out/async-$event.html\"" > "$out/async-start.txt" 2>&1 \
    && grep -q "return code: 0" "$out/async-start.txt" && ! grep -q '^\[ERROR\]' "$out/server.out"; then
  ap_ok=1
else
  echo "async-profiler did not start ($(tr '\n' ' ' < "$out/async-start.txt")); JFR only" >&2
fi
jcmd "$pid" JFR.start name=profile settings=profile filename="$out/profile.jfr" > /dev/null

echo "Profiling for $duration s"
# shellcheck disable=SC2086
"${client_pin[@]}" h2load $level -D "$duration" "${opts[@]}" "$url" > "$out/h2load.txt" 2>&1 || true

jcmd "$pid" JFR.stop name=profile > /dev/null
if [ "$ap_ok" = 1 ]; then
  # the same samples as folded stacks (one line per stack and its count) for scripts and diffs
  jcmd "$pid" JVMTI.agent_load "$lib" "\"dump,collapsed,file=$out/async-$event.collapsed\"" > /dev/null 2>&1 || true
  jcmd "$pid" JVMTI.agent_load "$lib" "\"stop,file=$out/async-$event.html\"" > "$out/async-stop.txt" 2>&1 || true
fi
# async-profiler reports on the server's stdout, e.g. when perf events are not permitted and it
# samples with a CPU timer instead
grep -h '^\[WARN\]\|^\[ERROR\]' "$out/server.out" 2>/dev/null | head -n 3 || true
kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; trap - EXIT

conv=(java -cp "$tools/jfr-converter-$ap_version.jar" Main)
"${conv[@]}" --cpu "$out/profile.jfr" "$out/jfr-cpu.html" > /dev/null 2>&1 || echo "jfr-converter: cpu view failed" >&2
"${conv[@]}" --alloc "$out/profile.jfr" "$out/jfr-alloc.html" > /dev/null 2>&1 || echo "jfr-converter: alloc view failed" >&2
sed -n 's/^finished in .*/h2load: &/p' "$out/h2load.txt"
echo "Wrote $(ls "$out"/*.html 2>/dev/null | tr '\n' ' ')"
