#!/usr/bin/env bash
# Comparative load benchmark: every Celeris transport against Netty's, Jetty's and Undertow's
# native HTTP/2 servers, side by side in one run, interleaved so machine drift hits all alike.
#
#   benchmarks/run.sh [--quick] [--rounds N] [--servers "celeris-nio netty-native ..."] [--scenarios "hello json ..."]
#
# Writes benchmarks/results/<stamp>/ (raw h2load output per run, per-request logs, samples.csv)
# and regenerates BENCHMARKS.md and docs/benchmarks.png from it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh

quick=0
rounds_override=""
servers="celeris-nio celeris-netty celeris-jetty celeris-router-nio celeris-router-netty celeris-router-jetty netty-native jetty-native undertow-native"
scenarios="hello json params echo download h1-hello"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --rounds) rounds_override="$2"; shift ;;
    --servers) servers="$2"; shift ;;
    --scenarios) scenarios="$2"; shift ;;
    *) echo "usage: $0 [--quick] [--rounds N] [--servers LIST] [--scenarios LIST]" >&2; exit 2 ;;
  esac
  shift
done

if ! command -v h2load >/dev/null; then
  echo "Installing h2load (nghttp2-client)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nghttp2-client >/dev/null
fi

if [ "$quick" = 1 ]; then
  rounds=1; duration=3; warmup=1
  levels=("-c 8 -m 32")
else
  rounds=3; duration=8; warmup=2
  levels=("-c 8 -m 32" "-c 1 -m 1" "-c 256 -m 10")
fi

[ -n "$rounds_override" ] && rounds=$rounds_override

echo "Building (once)..."
mvn -B -q package -DskipTests -pl benchmarks -am ${CELERIS_BENCH_OFFLINE:+-o}
jar=benchmarks/target/celeris-benchmarks.jar
stamp=$(date -u +%Y%m%d-%H%M%S)
out=benchmarks/results/$stamp
mkdir -p "$out/raw"
echo "server,scenario,level,round,rps,p50_us,p90_us,p99_us,cpu_s,rss_kb,failed" > "$out/samples.csv"
# Compact JSON: the router's /echo re-serialises the body, so only compact input comes back byte-identical.
payload="$out/echo-1k.json"
python3 -c "import json;print(json.dumps({'data':'x'*1000},separators=(',',':')),end='')" > "$payload"
heap="-Xms1g -Xmx1g"
io_threads=2
{
  echo "cores=$(nproc)"; echo "jdk=$(java -version 2>&1 | head -n1)"; echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "jvm_flags=$heap"; echo "io_threads=$io_threads"; echo "h2load=$(h2load --version 2>&1 | head -n1)"
  echo "rounds=$rounds"; echo "duration_s=$duration"; echo "warmup_s=$warmup"; echo "quick=$quick"
} > "$out/machine.txt"

target() {
  case "$1" in
    hello|h1-hello) echo "/" ;;
    json) echo "/json" ;;
    params) echo "/users/123/posts/456" ;;
    echo) echo "/echo" ;;
    download) echo "/download?bytes=1048576" ;;
    *) echo "unknown scenario $1" >&2; exit 2 ;;
  esac
}

cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_peak() { awk '/VmHWM/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

start_server() {
  java $heap -cp "$jar" dev.celeris.benchmarks.peers.PeerMain "$1" --io-threads "$io_threads" \
    > "$out/raw/$1.server.out" 2> "$out/raw/$1.server.err" &
  server_pid=$!
  for _ in $(seq 150); do
    if grep -q '^listening' "$out/raw/$1.server.out" 2>/dev/null; then
      server_port=$(awk '/^listening/{print $3}' "$out/raw/$1.server.out"); return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "server $1 did not start; see $out/raw/$1.server.err" >&2
  kill "$server_pid" 2>/dev/null || true
  return 1
}

stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }

run_h2load() { # server scenario level round
  local s=$1 sc=$2 level=$3 r=$4 path extra=() name
  path=$(target "$sc")
  [ "$sc" = echo ] && extra+=(-d "$payload" -H 'content-type: application/json')
  [ "$sc" = h1-hello ] && extra+=(--h1)
  name="$s.$sc.$(echo "$level" | tr -d ' -').r$r"
  local t0 t1; t0=$(cpu_ticks "$server_pid")
  # shellcheck disable=SC2086
  h2load $level -D "$duration" --warm-up-time "$warmup" "${extra[@]}" --log-file="$out/raw/$name.log" \
    "http://127.0.0.1:$server_port$path" > "$out/raw/$name.txt" 2>&1 || true
  t1=$(cpu_ticks "$server_pid")
  local rps failed
  rps=$(sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p' "$out/raw/$name.txt")
  failed=$(sed -n 's/^requests: .* \([0-9]*\) failed.*/\1/p' "$out/raw/$name.txt")
  # h2load's per-request log: start time (us), status, latency (us)
  read -r p50 p90 p99 < <(awk '{print $3}' "$out/raw/$name.log" 2>/dev/null | sort -n | awk '
      function at(q,  i) { i = int(NR * q); if (i < 1) i = 1; return a[i] }
      { a[NR] = $1 }
      END { if (NR == 0) print "0 0 0"; else print at(0.5), at(0.9), at(0.99) }')
  rm -f "$out/raw/$name.log"
  local cpu; cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.2f", (b-a)/hz}')
  echo "$s,$sc,$level,$r,${rps:-0},$p50,$p90,$p99,$cpu,$(rss_peak "$server_pid"),${failed:-?}" >> "$out/samples.csv"
  printf '  %-16s %-9s %-14s r%s %10s req/s  p99 %6s us  failed %s\n' "$s" "$sc" "$level" "$r" "${rps:-0}" "$p99" "${failed:-?}"
}

for r in $(seq "$rounds"); do
  echo "Round $r/$rounds"
  for s in $servers; do
    start_server "$s" || continue
    # warm every scenario's path once per server start, so no server is measured before its JIT
    # has compiled the code that scenario needs (the first scenario would otherwise pay for it)
    for sc in $scenarios; do
      wextra=()
      [ "$sc" = echo ] && wextra+=(-d "$payload" -H 'content-type: application/json')
      [ "$sc" = h1-hello ] && wextra+=(--h1)
      h2load -c 8 -m 32 -D "$warmup" "${wextra[@]}" "http://127.0.0.1:$server_port$(target "$sc")" > /dev/null 2>&1 || true
    done
    for sc in $scenarios; do
      for level in "${levels[@]}"; do
        run_h2load "$s" "$sc" "$level" "$r"
      done
    done
    stop_server
  done
done

echo "JMH suite"
if [ "$quick" = 1 ]; then benchmarks/jmh.sh --quick "$out" || echo "JMH failed; the report omits it" >&2
else benchmarks/jmh.sh "$out" || echo "JMH failed; the report omits it" >&2; fi

echo "Memory per idle connection"
if [ "$quick" = 1 ]; then mem_n=1000; else mem_n=10000; fi
benchmarks/memory.sh "$out" "$mem_n" $servers || echo "memory benchmark failed; the report omits it" >&2

java -cp "$jar" dev.celeris.benchmarks.report.ReportMain "$out" BENCHMARKS.md docs/benchmarks.png
echo "Wrote BENCHMARKS.md and docs/benchmarks.png from $out"
