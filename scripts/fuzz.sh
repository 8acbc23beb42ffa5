#!/usr/bin/env bash
# Runs one Jazzer fuzz target for real (coverage-guided), then prints its figures.
#
#   scripts/fuzz.sh --list
#   scripts/fuzz.sh TARGET [minutes]      e.g. scripts/fuzz.sh FrameParserFuzzTest#splitsParseAlike 30
#
# TARGET is Class#method of a @FuzzTest in the fuzz module (a unique method name alone works
# too). Default 5 minutes. The corpus Jazzer grows lives in fuzz/.cifuzz-corpus/ (not checked
# in); a finding is saved by Jazzer next to the test's resources as
# fuzz/src/test/resources/<package>/<Class>Inputs/<method>/crash-<sha1>: commit it with the fix,
# and `mvn verify` replays it from then on. Prints execs, execs/s and coverage (libFuzzer's
# "cov" = edges reached, "ft" = features) from the last status line; exits 1 on a finding.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh

src=fuzz/src/test/java
targets() {
  grep -rl '@FuzzTest' "$src" | sort | while read -r f; do
    cls=$(basename "$f" .java)
    grep -A1 '@FuzzTest' "$f" | sed -n 's/^ *void \([a-zA-Z0-9_]*\)(.*/\1/p' | sed "s/^/$cls#/"
  done
}
if [ "${1:-}" = "--list" ] || [ $# -eq 0 ]; then
  [ $# -eq 0 ] && echo "usage: $0 TARGET [minutes] | --list" >&2
  targets
  exit $([ $# -eq 0 ] && echo 2 || echo 0)
fi
target=$1
minutes=${2:-5}
case "$target" in
  *#*) match=$(targets | grep -x "$target" || true) ;;
  *) match=$(targets | grep "#$target\$" || true) ;;
esac
if [ "$(echo -n "$match" | grep -c '^')" != 1 ]; then
  echo "unknown or ambiguous target '$target'; one of:" >&2; targets >&2; exit 2
fi
log=$(mktemp /tmp/celeris-fuzz.XXXXXX.log)
tag="celeris.fuzz.run=$$"
echo "Fuzzing $match for $minutes minute(s); log: $log"
JAZZER_FUZZ=1 mvn -B -q -pl fuzz -am test ${CELERIS_FUZZ_OFFLINE:+-o} -Dtest="$match" \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.forkTimeout=0 -Dfuzz.jvmTag="-D$tag" >"$log" 2>&1 &
mvn_pid=$!

# The fuzzing JVM is surefire's fork: it carries this run's tag on its command line (so does
# mvn's, as a property value: the fork is the one that runs surefirebooter, not through sh).
fork_pid() {
  pgrep -f -- "-D$tag" | while read -r p; do
    case "$(tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null)" in /bin/sh*|"") ;; *surefirebooter*) echo "$p" ;; esac
  done
}
deadline=$(( $(date +%s) + minutes * 60 ))
started=""
while kill -0 "$mvn_pid" 2>/dev/null; do
  if [ -z "$started" ] && grep -q '^#[0-9]*.*cov:' "$log"; then started=$(date +%s); deadline=$(( started + minutes * 60 )); fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    pid=$(fork_pid || true)
    # SIGINT: libFuzzer stops cleanly ("exiting as requested") and keeps its corpus.
    for p in $pid; do kill -INT "$p" 2>/dev/null || true; done
    break
  fi
  sleep 2
done
wait "$mvn_pid" || true

last=$(grep '^#[0-9]' "$log" | grep 'cov:' | tail -n1 || true)
echo "last status: ${last:-none}"
if [ -n "$last" ]; then
  echo "$last" | sed -n 's/^#\([0-9]*\).*cov: \([0-9]*\) ft: \([0-9]*\) corp: \([^ ]*\).*exec\/s: \([0-9]*\).*/target='"$match"' execs=\1 cov_edges=\2 features=\3 corpus=\4 execs_per_s=\5/p'
fi
if grep -q -E '== Java Exception|Java Assertion Error|FuzzTestFindingException|crash-[0-9a-f]{40}' "$log"; then
  echo "FINDING: see $log"; grep -E -A25 '== Java Exception' "$log" | head -40
  grep -o -E '[^ ]*crash-[0-9a-f]{40}' "$log" | sort -u | sed 's/^/input: /'
  exit 1
fi
if ! grep -q -E 'exiting as requested|run interrupted; exiting|Done [0-9]+ runs' "$log"; then
  echo "fuzzing did not run; tail of $log:"; grep -v -E '^\s+at |WARN: Failed|major version' "$log" | tail -20; exit 1
fi
echo "no finding"
