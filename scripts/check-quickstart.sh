#!/usr/bin/env bash
# Runs README's first quick-start command exactly as written (read from README.md), in the caller's
# environment (their PATH's java, their JAVA_HOME or none), waits until the demo answers GET /,
# checks that it started clean (no SLF4J, native-access or exception output), then stops it by its
# process group. Then starts the jar it built on netty and on jetty and checks the same.
# If port 8080 is taken, it appends `--port N` with a free port and says so.
set -euo pipefail
cd "$(dirname "$0")/.."

cmd=$(awk '/^## Quick start/{q=1} q&&/^```bash/{getline; print; exit}' README.md)
[ -n "$cmd" ] || { echo "quick-start check: no bash block under '## Quick start' in README.md" >&2; exit 1; }
port=8080
if (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; then
  port=18080
  while (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
  echo "quick-start check: port 8080 is busy, running it with --port $port"
  cmd="$cmd --port $port"
fi
echo "quick-start check: java on PATH: $(command -v java || echo none), JAVA_HOME=${JAVA_HOME:-unset}"

# run_and_check COMMAND: starts it in its own process group, polls GET /, checks the output, stops it.
run_and_check() {
  local run=$1 log pid body=""
  echo "quick-start check: $run"
  log=$(mktemp)
  setsid bash -c "$run" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do                    # up to 10 minutes: the first command builds first
    body=$(curl -s --max-time 2 "http://127.0.0.1:$port/" || true)
    [ -n "$body" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  kill -TERM -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ "$body" != "Hello, Celeris!" ]; then
    echo "quick-start check FAILED: GET / answered '${body}'; output:" >&2; cat "$log" >&2; return 1
  fi
  # The demo's own start must be clean. (Maven 3.8 itself, when it runs on JDK 24+, prints guava's
  # sun.misc.Unsafe deprecation warning during the build: that is the build tool's, not the demo's.)
  if grep -iE "SLF4J|restricted method|native-access|Exception|ERROR" "$log" >/dev/null; then
    echo "quick-start check FAILED: the demo did not start clean:" >&2; cat "$log" >&2; return 1
  fi
  echo "quick-start check: GET / -> $body"
  sed 's/^/  | /' "$log"
  rm -f "$log"
}

run_and_check "$cmd"
for transport in netty jetty; do
  run_and_check "java -jar examples/target/celeris-examples.jar --transport $transport --port $port"
done
