#!/usr/bin/env bash
# Comparative load benchmark: every Celeris transport (engine direct and the demo app through the
# router) against Netty's, Jetty's, Undertow's and Helidon's native servers, with nghttpd (C) as
# the reference for what the machine can do. Method (docs/benchmarks-method.md):
#   - server and h2load on disjoint CPU sets (taskset) when the machine has >= 2 CPUs; every
#     server gets the same CPU set, heap and I/O thread count;
#   - after each server start, every scenario is warmed until two successive 1 s windows agree
#     within 5 % (floor and cap below) before any is measured;
#   - ROUNDS interleaved rounds (the server order rotates each round); per run the server's CPU
#     (/proc/PID/stat) and h2load's own CPU are recorded, so the report gives requests per server
#     CPU-second and flags rows where h2load's core was saturated (client-bound).
#
#   benchmarks/run.sh [--quick] [--rounds N] [--duration S] [--servers "a b"] [--scenarios "a b"]
#                     [--levels "-c 8 -m 32;-c 1 -m 1"] [--no-jmh] [--no-memory] [--report-dir DIR]
#                     [--warm-cap N]   (at most N warm-up windows per scenario; default 30, --quick 3)
#
# Raw output goes to benchmarks/results/<stamp>/ (ignored by git). A full run regenerates
# BENCHMARKS.md and docs/benchmarks.png (--report-dir DIR writes them into DIR instead); --quick
# (a smoke run: 1 round, short windows) writes its report into the results folder only and never
# touches tracked files.
# Regenerating keeps BENCHMARKS.md's hand-written tail: everything from the line starting with
# `<!-- hand-written sections below` on is copied through unchanged (docs/benchmarks-method.md).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh

# ---- Scenarios: benchmarks/scenarios.sh, one case line each (shared with profile.sh).
. benchmarks/scenarios.sh

# ---- Servers: one case line each. Sets `cmd` (prints `listening NAME PORT` once bound, or
# set `port` to the port it will bind) and `unsupported` (scenarios it cannot answer).
server() {
  unsupported=""; port=""
  case "$1" in
    nghttpd) port=$(free_port); unsupported="h1-hello"
             cmd=(nghttpd --no-tls --echo-upload -n "$io_threads" -a 127.0.0.1 -d "$docroot" "$port") ;;
    celeris-*-tls-native) # that Celeris server with TlsConfig.engine(NATIVE): TLS rows only
             unsupported="hello json params echo download h1-hello"
             cmd=(java "${jvm_flags[@]}" -cp "$jar" dev.celeris.benchmarks.peers.PeerMain "${1%-tls-native}"
                  --io-threads "$io_threads" "${tls_args[@]}" --tls-engine native) ;;
    *)       cmd=(java "${jvm_flags[@]}" -cp "$jar" dev.celeris.benchmarks.peers.PeerMain "$1" --io-threads "$io_threads"
                  "${tls_args[@]}" "${ws_args[@]}") ;;
  esac
}

quick=0 rounds="" duration="" levels_arg="" jmh=1 memory=1 report_dir="" warm_cap_arg=""
servers="celeris-nio celeris-netty celeris-jetty celeris-router-nio celeris-router-netty celeris-router-jetty celeris-router-inline-nio netty-native jetty-native undertow-native helidon-native nghttpd"
scenarios="hello json params echo download h1-hello"   # TLS rows are opt-in: --scenarios "tls-hello tls-h1-hello"
# WebSocket rows are opt-in too: --scenarios "ws-echo-32 ws-echo-1k ws-broadcast" (docs/benchmarks-method.md)
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --rounds) rounds="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --servers) servers="$2"; shift ;;
    --scenarios) scenarios="$2"; shift ;;
    --levels) levels_arg="$2"; shift ;;
    --no-jmh) jmh=0 ;;
    --no-memory) memory=0 ;;
    --report-dir) report_dir="$2"; shift ;;
    --warm-cap) warm_cap_arg="$2"; shift ;;
    *) echo "usage: $0 [--quick] [--rounds N] [--duration S] [--servers LIST] [--scenarios LIST] [--levels 'L1;L2'] [--no-jmh] [--no-memory] [--report-dir DIR] [--warm-cap N]" >&2; exit 2 ;;
  esac
  shift
done

if [ "$quick" = 1 ]; then
  : "${rounds:=1}" "${duration:=2}"; warm_floor=1 warm_cap=3; levels_default="-c 8 -m 32"
else
  : "${rounds:=5}" "${duration:=5}"; warm_floor=3 warm_cap=30; levels_default="-c 8 -m 32;-c 256 -m 10;-c 1 -m 1"
fi
IFS=';' read -r -a levels <<< "${levels_arg:-$levels_default}"
warm_cap=${warm_cap_arg:-$warm_cap}
warm_tolerance=0.05

for tool in h2load nghttpd taskset; do
  command -v "$tool" >/dev/null && continue
  echo "Installing nghttp2-client, nghttp2-server, util-linux (for $tool)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo -n"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nghttp2-client nghttp2-server util-linux >/dev/null
  break
done

# ---- CPU sets: the server gets the first half of the CPUs this shell may use, h2load the rest.
read -r -a cpus <<< "$(python3 -c 'import os; print(" ".join(map(str, sorted(os.sched_getaffinity(0)))))')"
if [ "${#cpus[@]}" -ge 2 ]; then
  half=$(( ${#cpus[@]} / 2 ))
  server_cpus=$(IFS=,; echo "${cpus[*]:0:half}"); client_cpus=$(IFS=,; echo "${cpus[*]:half}")
  server_pin=(taskset -c "$server_cpus"); client_pin=(taskset -c "$client_cpus")
  n_server_cpus=$half; n_client_cpus=$(( ${#cpus[@]} - half ))
  pinning="server on CPUs $server_cpus, h2load on CPUs $client_cpus"
else
  server_pin=(); client_pin=(); n_server_cpus=${#cpus[@]}; n_client_cpus=${#cpus[@]}
  pinning="none: ${#cpus[@]} CPU, server and h2load share it (figures are indicative only)"
fi
io_threads=$n_server_cpus
jvm_flags=(-Xms1g -Xmx1g -XX:+UseG1GC)

echo "Building (once)..."
mvn -B -q package -DskipTests -pl benchmarks -am ${CELERIS_BENCH_OFFLINE:+-o}
jar=benchmarks/target/celeris-benchmarks.jar
stamp=$(date -u +%Y%m%d-%H%M%S)
out=benchmarks/results/$stamp
mkdir -p "$out/raw"
echo "server,scenario,level,round,rps,p50_us,p90_us,p99_us,cpu_s,rss_kb,failed,requests,wall_s,client_cpu_s,client_cpus" > "$out/samples.csv"
echo "server,round,scenario,windows,stable,last_rps" > "$out/warmup.csv"
# Compact JSON: the router's /echo re-serialises the body, so only compact input comes back byte-identical.
payload="$out/echo-1k.json"
python3 -c "import json;print(json.dumps({'data':'x'*1000},separators=(',',':')),end='')" > "$payload"
# nghttpd serves files: the same bytes as PeerRoutes for hello, json, params and download.
docroot="$out/docroot"
mkdir -p "$docroot/users/123/posts"
printf 'Hello, Celeris!' > "$docroot/index.html"
printf '{"message":"Hello, World!"}' > "$docroot/json"
printf '{"user_id":"123","post_id":"456"}' > "$docroot/users/123/posts/456"
head -c 1048576 /dev/zero > "$docroot/download"
# TLS scenarios (only when asked for, so other rows run without a second listener): one throw-away
# EC P-256 certificate for every server's TLS listener.
tls_args=()
if [[ " $scenarios " == *" tls-"* ]]; then
  tls_cert="$out/tls.pem" tls_key="$out/tls.key"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tls_key" -out "$tls_cert" \
    -subj /CN=localhost -days 2 2>/dev/null
  tls_args=(--tls-cert "$tls_cert" --tls-key "$tls_key")
fi
# WebSocket scenarios (only when asked for): servers with one open a WebSocket listener beside the HTTP one.
ws_args=()
[[ " $scenarios " == *" ws-"* ]] && ws_args=(--ws-port 0)
ws_load=(java -Xms64m -Xmx256m -XX:+UseSerialGC -cp "$jar" dev.celeris.benchmarks.ws.WsLoad)
{
  echo "cpus=${#cpus[@]} (${cpus[*]})"; echo "pinning=$pinning"
  echo "jdk=$(java -version 2>&1 | head -n1)"; echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "jvm_flags=${jvm_flags[*]}"; echo "io_threads=$io_threads"; echo "h2load=$(h2load --version 2>&1 | head -n1)"
  echo "h2load_threads=$n_client_cpus (at most -c)"; echo "rounds=$rounds"; echo "duration_s=$duration"
  echo "warmup=1 s windows until two successive agree within ${warm_tolerance}, at least $warm_floor, at most $warm_cap"
  echo "loadavg_at_start=$(cut -d' ' -f1-3 /proc/loadavg)"; echo "quick=$quick"
} > "$out/machine.txt"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_peak() { awk '/VmHWM/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
now_ns() { date +%s%N; }
hz=$(getconf CLK_TCK)

start_server() { # NAME -> server_pid, declares ports in listen_<kind>
  local log="$out/raw/$1.server"
  server "$1"
  "${server_pin[@]}" "${cmd[@]}" > "$log.out" 2> "$log.err" &
  server_pid=$!
  for _ in $(seq 150); do
    if [ -n "$port" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "listening $1 $port" >> "$log.out"; return 0
    fi
    [ -z "$port" ] && grep -q '^listening ' "$log.out" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "server $1 did not start; see $log.err" >&2
  kill "$server_pid" 2>/dev/null || true
  return 1
}
stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }

port_of() { # SERVER KIND -> port or empty
  local key=listening; [ "$2" = http ] || key="listening-$2"
  awk -v k="$key" '$1 == k {print $3}' "$out/raw/$1.server.out" | tail -n 1
}

supports() { # SERVER SCENARIO
  server "$1"; case " $unsupported " in *" $2 "*) return 1 ;; esac
  scenario "$2"; [ -n "$(port_of "$1" "$kind")" ]
}

# Runs h2load pinned to the client CPUs, its output to FILE; prints its CPU seconds (user+sys).
run_client() { # FILE h2load-args... (the scenario's `client`: h2load, or ws_load for WebSocket rows)
  local file=$1 load=(h2load); shift
  [ "$client" = ws ] && load=("${ws_load[@]}")
  "${client_pin[@]}" bash -c '"$@" > "$0" 2>&1; read -r -a s < /proc/$$/stat; echo "${s[15]} ${s[16]}"' "$file" "${load[@]}" "$@" \
    | awk -v hz="$hz" '{printf "%.2f", ($1 + $2) / hz}'
}

h2load_threads() { # LEVEL -> min(client CPUs, connections)
  local c; c=$(sed -n 's/.*-c \([0-9]*\).*/\1/p' <<< "$1")
  echo $(( c < n_client_cpus ? c : n_client_cpus ))
}

# h2load -D over TLS can run forever when a connection finishes its handshake after the timed
# window started (it keeps that client sending); a warm-up period lets every handshake finish first.
tls_warm_up() { [ "$kind" = tls ] && echo "--warm-up-time=1"; return 0; }

rps_of() { sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p' "$1"; }

warm() { # SERVER ROUND SCENARIO: 1 s windows until two successive agree within the tolerance
  local s=$1 r=$2 sc=$3 prev="" cur="" n=0 stable=no
  scenario "$sc"
  local url="$scheme://127.0.0.1:$(port_of "$s" "$kind")$path" f="$out/raw/warm.txt"
  # h2load -D never ends when a connection finishes its TLS handshake after the timed window has
  # started (it keeps that client sending): prime a cold server's handshake path with a counted run.
  # shellcheck disable=SC2086
  [ "$kind" = tls ] && { run_client "$f" -n 2000 -c 8 -m 32 -t 1 "${opts[@]}" "$url" > /dev/null || true; }
  while [ "$n" -lt "$warm_cap" ]; do
    n=$((n + 1))
    # shellcheck disable=SC2086
    run_client "$f" -c 8 -m 32 -t "$(h2load_threads "-c 8")" -D 1 $(tls_warm_up) "${opts[@]}" "$url" > /dev/null || true
    cur=$(rps_of "$f"); cur=${cur:-0}
    if [ -n "$prev" ] && [ "$n" -ge "$warm_floor" ] && awk -v a="$prev" -v b="$cur" -v t="$warm_tolerance" \
        'BEGIN { exit !(a > 0 && b > 0 && (b - a) / a <= t && (a - b) / a <= t) }'; then stable=yes; break; fi
    prev=$cur
  done
  echo "$s,$r,$sc,$n,$stable,$cur" >> "$out/warmup.csv"
  printf '  warm %-20s %-9s %2d windows, stable=%s (%s req/s)\n' "$s" "$sc" "$n" "$stable" "$cur"
}

measure() { # SERVER SCENARIO LEVEL ROUND
  local s=$1 sc=$2 level=$3 r=$4 name latency=()
  scenario "$sc"
  local url="$scheme://127.0.0.1:$(port_of "$s" "$kind")$path"
  name="$s.$sc.$(echo "$level" | tr -d ' -').r$r"
  # per-request log only where latency is the point (h2load writing it costs client CPU)
  [ "$level" = "-c 1 -m 1" ] && latency=(--log-file="$out/raw/$name.log")
  local t0 t1 w0 w1 ccpu
  t0=$(cpu_ticks "$server_pid"); w0=$(now_ns)
  # shellcheck disable=SC2086
  ccpu=$(run_client "$out/raw/$name.txt" $level -t "$(h2load_threads "$level")" -D "$duration" $(tls_warm_up) "${latency[@]}" "${opts[@]}" "$url" || true)
  t1=$(cpu_ticks "$server_pid"); w1=$(now_ns)
  local rps failed requests p50=0 p90=0 p99=0
  rps=$(rps_of "$out/raw/$name.txt")
  failed=$(sed -n 's/^requests: .* \([0-9]*\) failed.*/\1/p' "$out/raw/$name.txt")
  requests=$(sed -n 's/^requests: .* \([0-9]*\) succeeded.*/\1/p' "$out/raw/$name.txt")
  if [ -f "$out/raw/$name.log" ]; then # h2load's per-request log: start time (us), status, latency (us)
    read -r p50 p90 p99 < <(awk '{print $3}' "$out/raw/$name.log" | sort -n | awk '
        function at(q,  i) { i = int(NR * q); if (i < 1) i = 1; return a[i] }
        { a[NR] = $1 }
        END { if (NR == 0) print "0 0 0"; else print at(0.5), at(0.9), at(0.99) }')
    rm -f "$out/raw/$name.log"
  fi
  local cpu wall
  cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" 'BEGIN{printf "%.2f", (b-a)/hz}')
  wall=$(awk -v a="$w0" -v b="$w1" 'BEGIN{printf "%.2f", (b-a)/1e9}')
  echo "$s,$sc,$level,$r,${rps:-0},$p50,$p90,$p99,$cpu,$(rss_peak "$server_pid"),${failed:-?},${requests:-0},$wall,${ccpu:-0},$n_client_cpus" >> "$out/samples.csv"
  printf '  %-20s %-9s %-13s r%s %10s req/s  server %5s CPU-s  h2load %5s CPU-s  failed %s\n' \
    "$s" "$sc" "$level" "$r" "${rps:-0}" "$cpu" "${ccpu:-0}" "${failed:-?}"
}

read -r -a server_list <<< "$servers"
for r in $(seq "$rounds"); do
  echo "Round $r/$rounds"
  n=${#server_list[@]}
  for i in $(seq 0 $((n - 1))); do
    s=${server_list[$(( (i + r - 1) % n ))]} # rotate the order each round
    start_server "$s" || continue
    for sc in $scenarios; do supports "$s" "$sc" && warm "$s" "$r" "$sc"; done
    for sc in $scenarios; do
      supports "$s" "$sc" || continue
      for level in "${levels[@]}"; do measure "$s" "$sc" "$level" "$r"; done
    done
    stop_server
  done
done
rm -f "$out/raw/warm.txt"

if [ "$jmh" = 1 ]; then
  echo "JMH suite"
  if [ "$quick" = 1 ]; then benchmarks/jmh.sh --quick "$out" || echo "JMH failed; the report omits it" >&2
  else benchmarks/jmh.sh "$out" || echo "JMH failed; the report omits it" >&2; fi
fi

if [ "$memory" = 1 ]; then
  echo "Memory per idle connection"
  if [ "$quick" = 1 ]; then mem_n=1000; else mem_n=10000; fi
  java_servers=$(tr ' ' '\n' <<< "$servers" | grep -v '^nghttpd$' | tr '\n' ' ')
  benchmarks/memory.sh "$out" "$mem_n" $java_servers || echo "memory benchmark failed; the report omits it" >&2
fi

if [ "$quick" = 1 ] && [ -z "$report_dir" ]; then report_dir=$out; fi
if [ -n "$report_dir" ]; then mkdir -p "$report_dir"; md="$report_dir/BENCHMARKS.md"; png="$report_dir/benchmarks.png"
else md=BENCHMARKS.md; png=docs/benchmarks.png; fi
java -cp "$jar" dev.celeris.benchmarks.report.ReportMain "$out" "$md" "$png"
echo "Wrote $md and $png from $out"
