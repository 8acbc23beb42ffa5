# Sourced by .ci/run and benchmarks/run.sh: exports JAVA_HOME/PATH for the newest JDK >= 21,
# preferring /usr/lib/jvm/temurin-25-jdk-amd64; fails with a clear message if there is none.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1 | cut -d. -f1; }
pick_jdk() {
  local preferred=/usr/lib/jvm/temurin-25-jdk-amd64 best="" best_v=0 d v
  if [ -x "$preferred/bin/javac" ]; then echo "$preferred"; return; fi
  for d in /usr/lib/jvm/* ${JAVA_HOME:+"$JAVA_HOME"}; do
    [ -x "$d/bin/javac" ] || continue
    v=$(java_major "$d"); [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  echo "$best"
}
JAVA_HOME=$(pick_jdk)
if [ -z "$JAVA_HOME" ]; then
  echo "ERROR: Celeris needs a JDK >= 21 (looked in /usr/lib/jvm and \$JAVA_HOME). Install e.g. temurin-25-jdk." >&2
  exit 1
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
