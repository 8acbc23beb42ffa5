#!/usr/bin/env bash
# Starts HAProxy (deploy/haproxy/haproxy.cfg) in front of three demo instances, one per
# transport (nio, netty, jetty), all on 127.0.0.1; stops all of them, each by its own PID, on
# Ctrl-C or SIGTERM.
#
#   deploy/haproxy/run.sh [--port 8080] [--ports 0,0,0] [--jar examples/target/celeris-examples.jar]
#                         [--proxy-protocol] [--work DIR] [-- extra demo arguments]
#
#   --port            HAProxy's port (default 8080)
#   --ports           the instances' ports, nio,netty,jetty (default 0,0,0: ephemeral, read back
#                     from each instance's start-up line)
#   --proxy-protocol  HAProxy sends the PROXY protocol v2 header (health checks too) and the
#                     instances expect it (demo flag --proxy-protocol v2); without it HAProxy sends
#                     X-Forwarded-For/-Proto/-Host and the instances trust 127.0.0.1 for them
#                     (demo flag --trusted-proxies 127.0.0.1). GET /whoami shows the result.
#   --work DIR        where logs, PID files and the admin socket go (default: a new temp dir)
#
# Rolling restart by hand: kill -TERM <instance pid> (GOAWAY, drain, exit), then start it again
# on the same port; HAProxy retries refused connections on the other instances meanwhile.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/scripts/find-jdk.sh"

lb_port=8080 ports="0,0,0" jar="$root/examples/target/celeris-examples.jar" work="" extra=() proxy=0
while [ $# -gt 0 ]; do
  case "$1" in
    --port) lb_port="$2"; shift 2 ;;
    --ports) ports="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --proxy-protocol) proxy=1; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done
command -v haproxy >/dev/null || { echo "ERROR: haproxy is not installed (Debian: apt-get install haproxy)" >&2; exit 1; }
[ -f "$jar" ] || { echo "ERROR: $jar not found; build it first: mvn -B -q package -DskipTests" >&2; exit 1; }
[ -n "$work" ] || work="$(mktemp -d -t celeris-lb.XXXXXX)"
mkdir -p "$work"

pids=() stopping=0
stop_all() {
  trap - EXIT INT TERM
  stopping=1
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "stopped (logs in $work)"
}
trap stop_all EXIT INT TERM

if [ "$proxy" = 1 ]; then demo_args=(--proxy-protocol v2); else demo_args=(--trusted-proxies 127.0.0.1); fi
IFS=, read -r -a port_list <<< "$ports"
i=0
for transport in nio netty jetty; do
  log="$work/$transport.log"
  java -jar "$jar" --transport "$transport" --host 127.0.0.1 --port "${port_list[$i]:-0}" \
       ${demo_args[@]+"${demo_args[@]}"} ${extra[@]+"${extra[@]}"} >"$log" 2>&1 &
  pids+=($!); echo $! >"$work/$transport.pid"
  i=$((i + 1))
done
addr() {  # waits for the instance's "listening on http://127.0.0.1:PORT" line
  local log="$work/$1.log" n
  for n in $(seq 1 600); do
    if grep -q 'listening on http://' "$log" 2>/dev/null; then
      sed -n 's#.*listening on http://\([^ ]*\) .*#\1#p' "$log" | head -n1; return
    fi
    sleep 0.1
  done
  echo "ERROR: $1 did not start: $(cat "$log")" >&2; exit 1
}
export CELERIS_NIO="$(addr nio)" CELERIS_NETTY="$(addr netty)" CELERIS_JETTY="$(addr jetty)"
export CELERIS_LB_BIND="127.0.0.1:$lb_port" CELERIS_LB_STATS="$work/haproxy.sock"
if [ "$proxy" = 1 ]; then export CELERIS_PROXY_PROTOCOL=1; fi
haproxy -db -f "$here/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
pids+=($!); echo $! >"$work/haproxy.pid"

for n in $(seq 1 300); do  # ready once HAProxy answers GET /health from an instance
  curl -sf -o /dev/null "http://$CELERIS_LB_BIND/health" 2>/dev/null && break
  kill -0 "${pids[3]}" 2>/dev/null || { echo "ERROR: haproxy exited: $(cat "$work/haproxy.log")" >&2; exit 1; }
  sleep 0.2
done
echo "HAProxy on http://$CELERIS_LB_BIND (admin socket $CELERIS_LB_STATS)"
echo "  nio   $CELERIS_NIO   pid $(cat "$work/nio.pid")"
echo "  netty $CELERIS_NETTY   pid $(cat "$work/netty.pid")"
echo "  jetty $CELERIS_JETTY   pid $(cat "$work/jetty.pid")"
echo "Try: curl -si --http2-prior-knowledge http://$CELERIS_LB_BIND/ | grep x-served-by   (Ctrl-C stops everything)"
wait -n "${pids[@]}" || true
[ "$stopping" = 1 ] || echo "a process exited; stopping the others" >&2
