#!/usr/bin/env bash
# Memory per idle HTTP/2 connection: opens N connections (after the SETTINGS exchange) to each
# server and reports the server's live heap (after a full GC) and RSS per connection.
#   benchmarks/memory.sh OUT_DIR [N] [servers...]   (called by run.sh; N defaults to 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
out=${1:?usage: memory.sh OUT_DIR [N] [servers...]}; shift
n=${1:-10000}; shift || true
servers=${*:-celeris-nio celeris-netty celeris-jetty netty-native jetty-native undertow-native helidon-native}
jar=benchmarks/target/celeris-benchmarks.jar
mkdir -p "$out/raw"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "memory: open-file limit $(ulimit -n) (client and server each hold N sockets)"
echo "server,connections,heap_bytes_per_conn,rss_bytes_per_conn" > "$out/memory.csv"

heap_used() { # live heap in bytes after a full GC
  jcmd "$1" GC.run >/dev/null 2>&1; sleep 1
  jcmd "$1" GC.heap_info 2>/dev/null | awk '
    /heap/ && /used [0-9]+K/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub(/K,?/, "", v); total += v } }
    END { printf "%d", total * 1024 }'
}
rss() { awk '/VmRSS/{printf "%d", $2 * 1024}' "/proc/$1/status"; }

for s in $servers; do
  java -Xms1g -Xmx1g -XX:+UseG1GC -cp "$jar" dev.celeris.benchmarks.peers.PeerMain "$s" --io-threads 2 \
    > "$out/raw/$s.mem.server.out" 2> "$out/raw/$s.mem.server.err" &
  spid=$!
  for _ in $(seq 150); do grep -q '^listening' "$out/raw/$s.mem.server.out" 2>/dev/null && break; sleep 0.2; done
  port=$(awk '/^listening/{print $3}' "$out/raw/$s.mem.server.out")
  if [ -z "$port" ]; then echo "memory: $s did not start" >&2; kill "$spid" 2>/dev/null || true; continue; fi
  # warm the server up with one connection's worth of work so class loading is not counted
  java -cp "$jar" dev.celeris.benchmarks.memory.IdleConnections "$port" 10 < /dev/null > /dev/null 2>&1 || true
  h0=$(heap_used "$spid"); r0=$(rss "$spid")
  fifo=$(mktemp -u); mkfifo "$fifo"
  java -Xmx2g -cp "$jar" dev.celeris.benchmarks.memory.IdleConnections "$port" "$n" < "$fifo" > "$out/raw/$s.mem.client.out" 2>&1 &
  cpid=$!
  exec 9> "$fifo"
  for _ in $(seq 600); do grep -q '^ready' "$out/raw/$s.mem.client.out" 2>/dev/null && break; kill -0 "$cpid" 2>/dev/null || break; sleep 0.5; done
  if grep -q '^ready' "$out/raw/$s.mem.client.out"; then
    h1=$(heap_used "$spid"); r1=$(rss "$spid")
    echo "$s,$n,$(( (h1 - h0) / n )),$(( (r1 - r0) / n ))" >> "$out/memory.csv"
    printf '  %-16s %6d idle connections: %6d heap B/conn, %6d RSS B/conn\n' "$s" "$n" $(( (h1 - h0) / n )) $(( (r1 - r0) / n ))
  else
    echo "memory: client failed against $s: $(tail -n 3 "$out/raw/$s.mem.client.out")" >&2
  fi
  echo >&9; exec 9>&-; rm -f "$fifo"
  wait "$cpid" 2>/dev/null || true
  held=$(grep '^held' "$out/raw/$s.mem.client.out" || true)
  [ -n "$held" ] && printf '  %-16s %s (checked after the measurement)\n' "$s" "$held"
  kill "$spid" 2>/dev/null || true; wait "$spid" 2>/dev/null || true
done
