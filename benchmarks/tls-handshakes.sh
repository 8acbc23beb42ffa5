#!/usr/bin/env bash
# Full-handshake rate over TLS: every request on a new connection (h2load -n N -c N -m 1, TLS 1.3,
# h2 by ALPN, an EC P-256 certificate), servers interleaved and rotated per round as in run.sh,
# server pinned to the first half of the CPUs and h2load to the rest; server CPU-seconds per
# handshake read from /proc. Prints one CSV line per run and a median/spread summary per server.
#   benchmarks/tls-handshakes.sh [--rounds R] [--handshakes N] [--servers "a b ..."]
# Servers as in run.sh (celeris-<transport>, celeris-<transport>-tls-native, netty-native, jetty-native,
# undertow-native). Set CELERIS_BENCH_OFFLINE=1 to build offline; CELERIS_BENCH_JAR to reuse a jar.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
rounds=3 n=600 servers="celeris-nio celeris-netty celeris-jetty celeris-netty-tls-native celeris-jetty-tls-native netty-native jetty-native undertow-native"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift ;;
    --handshakes) n="$2"; shift ;;
    --servers) servers="$2"; shift ;;
    *) echo "usage: $0 [--rounds R] [--handshakes N] [--servers LIST]" >&2; exit 2 ;;
  esac
  shift
done
jar=${CELERIS_BENCH_JAR:-}
if [ -z "$jar" ]; then
  mvn -B -q package -DskipTests -pl benchmarks -am ${CELERIS_BENCH_OFFLINE:+-o}
  jar=benchmarks/target/celeris-benchmarks.jar
fi
out=$(mktemp -d /tmp/celeris-tls-handshakes.XXXXXX)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$out/tls.key" -out "$out/tls.pem" \
  -subj /CN=localhost -days 2 2>/dev/null
read -r -a cpus <<< "$(python3 -c 'import os; print(" ".join(map(str, sorted(os.sched_getaffinity(0)))))')"
half=$(( ${#cpus[@]} / 2 )); [ "$half" -ge 1 ] || half=1
server_pin=(taskset -c "$(IFS=,; echo "${cpus[*]:0:half}")")
client_pin=(taskset -c "$(IFS=,; echo "${cpus[*]:half}")"); [ "${#cpus[@]}" -ge 2 ] || client_pin=()
hz=$(getconf CLK_TCK)
echo "server,round,handshakes_per_s,succeeded,server_cpu_s,handshakes_per_server_cpu_s,loadavg" | tee "$out/handshakes.csv"
read -r -a list <<< "$servers"
for r in $(seq "$rounds"); do
  for i in $(seq 0 $(( ${#list[@]} - 1 ))); do
    s=${list[$(( (i + r - 1) % ${#list[@]} ))]}
    engine=jdk name=$s
    [[ "$s" == *-tls-native ]] && { engine=native; name=${s%-tls-native}; }
    "${server_pin[@]}" java -Xms1g -Xmx1g -XX:+UseG1GC -cp "$jar" dev.celeris.benchmarks.peers.PeerMain "$name" \
      --io-threads "$half" --tls-cert "$out/tls.pem" --tls-key "$out/tls.key" --tls-engine "$engine" > "$out/server.out" 2>&1 &
    pid=$!
    for _ in $(seq 300); do grep -q '^listening ' "$out/server.out" && break; sleep 0.2; done
    port=$(awk '$1 == "listening-tls" {print $3}' "$out/server.out")
    if [ -z "$port" ]; then echo "$s: no TLS listener" >&2; kill "$pid"; wait "$pid" 2>/dev/null || true; continue; fi
    timeout 120 "${client_pin[@]}" h2load -n 200 -c 50 -m 1 "https://127.0.0.1:$port/" > /dev/null 2>&1 || true   # warm the JIT
    t0=$(awk '{print $14+$15}' "/proc/$pid/stat")
    timeout 300 "${client_pin[@]}" h2load -n "$n" -c "$n" -m 1 "https://127.0.0.1:$port/" > "$out/h2load.txt" 2>&1 || true
    t1=$(awk '{print $14+$15}' "/proc/$pid/stat")
    rate=$(sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p' "$out/h2load.txt")
    ok=$(sed -n 's/^requests: .* \([0-9]*\) succeeded.*/\1/p' "$out/h2load.txt")
    cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" 'BEGIN{printf "%.2f", (b-a)/hz}')
    per=$(awk -v ok="${ok:-0}" -v c="$cpu" 'BEGIN{ if (c > 0) printf "%.0f", ok/c; else print 0 }')
    echo "$s,$r,${rate:-0},${ok:-0},$cpu,$per,$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out/handshakes.csv"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done
echo "server: median handshakes/s [min-max], median handshakes per server CPU-second [min-max]"
tail -n +2 "$out/handshakes.csv" | sort -t, -k1,1 | awk -F, '
  function med(a, n,  t, i, j, x) { for (i = 1; i <= n; i++) t[i] = a[i] + 0
    for (i = 2; i <= n; i++) { x = t[i]; for (j = i - 1; j >= 1 && t[j] > x; j--) t[j+1] = t[j]; t[j+1] = x }
    return n % 2 ? t[(n+1)/2] : (t[n/2] + t[n/2+1]) / 2 }
  { if ($1 != cur) { if (cur != "") out(); cur = $1; n = 0; delete r; delete p }
    r[++n] = $3; p[n] = $6 }
  function out(  i, rmin, rmax, pmin, pmax) { rmin = rmax = r[1]; pmin = pmax = p[1]
    for (i = 2; i <= n; i++) { if (r[i] < rmin) rmin = r[i]; if (r[i] > rmax) rmax = r[i]; if (p[i] < pmin) pmin = p[i]; if (p[i] > pmax) pmax = p[i] }
    printf "%-28s %8.0f/s [%.0f-%.0f]  %6.0f per CPU-s [%.0f-%.0f]\n", cur, med(r, n), rmin, rmax, med(p, n), pmin, pmax }
  END { if (cur != "") out() }'
echo "raw: $out/handshakes.csv"
