#!/usr/bin/env bash
# Cold start of the function's code package (issue 12): the time from JVM start to the handler's first line of
# output, for `invoke --event scripts/events/status.json` against an empty local target -- the work every
# invocation does before it syncs anything (class loading, handler set-up, configuration, store, state read) --
# plus the whole process's wall time, CPU seconds and peak RSS (/usr/bin/time), over COLD_RUNS runs each.
# A second table shows the function's own path, as FC runs it (no CLI parser in between): the handler
# instantiated, initialized and asked for status by testing.bench.FunctionColdStart (from target/test-classes),
# with the JVM options FC starts it with (none of ours: JAVA_TOOL_OPTIONS is left unset).
#
#   scripts/coldstart.sh [JAR ...]     default: target/cdn-secondary-origin.jar
#
# With several jars (e.g. one built from an older commit), runs are interleaved so a busy machine's drift hits
# every jar alike; the table shows medians. Nothing leaves this machine: the origin is never contacted.
# Environment: COLD_RUNS=N (default 7), COLD_JAVA_OPTS="..." extra JVM options.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${COLD_RUNS:-7}
JARS=("$@")
if [[ ${#JARS[@]} -eq 0 ]]; then
  JARS=(target/cdn-secondary-origin.jar)
fi
for jar in "${JARS[@]}"; do
  [[ -f $jar ]] || { echo "coldstart.sh: no such jar: $jar (build it with scripts/build.sh)" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "coldstart.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
event=$PWD/scripts/events/status.json

median() { sort -n | awk '{v[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

for ((run = 1; run <= RUNS; run++)); do
  for i in "${!JARS[@]}"; do
    jar=${JARS[$i]}
    target=$work/backup-$i
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    ORIGIN=http://127.0.0.1:9 DOMAIN=www.example.com SECONDARY_ORIGIN=$target \
      /usr/bin/time -f '%e %U %S %M' -o "$work/time-$i-$run" \
      java ${COLD_JAVA_OPTS:-} -jar "$jar" invoke --event "$event" 2>"$work/err-$i-$run" |
      { IFS= read -r _ || true; echo $(( ($(date +%s%N) - start) / 1000000 )) >>"$work/first-$i"; cat >/dev/null; }
    read -r wall user sys rss <"$work/time-$i-$run"
    echo "$wall" >>"$work/wall-$i"
    awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}' >>"$work/cpu-$i"
    echo $(( rss / 1024 )) >>"$work/rss-$i"
    if [[ -f target/test-classes/dev/secondaryorigin/testing/bench/FunctionColdStart.class ]]; then
      /usr/bin/time -f '%U %S' -o "$work/ftime-$i-$run" java \
        -cp "$jar:target/test-classes" dev.secondaryorigin.testing.bench.FunctionColdStart "$work/fn-$i-$run" \
        >"$work/fout-$i-$run" 2>/dev/null && {
        cut -d' ' -f1 "$work/fout-$i-$run" >>"$work/fms-$i"
        awk '{print $1 + $2}' "$work/ftime-$i-$run" >>"$work/fcpu-$i"
      }
    fi
  done
done

printf '%-48s %10s %14s %10s %10s %8s\n' jar "size MiB" "first line ms" "wall s" "CPU s" "RSS MiB"
for i in "${!JARS[@]}"; do
  jar=${JARS[$i]}
  size=$(awk -v b="$(stat -c %s "$jar")" 'BEGIN {printf "%.1f", b / 1048576}')
  printf '%-48s %10s %14s %10s %10s %8s\n' "$jar" "$size" "$(median <"$work/first-$i")" \
    "$(median <"$work/wall-$i")" "$(median <"$work/cpu-$i")" "$(median <"$work/rss-$i")"
done
echo "(medians of $RUNS runs each, interleaved; invoke --event scripts/events/status.json into an empty directory)"
if [[ -f "$work/fms-0" ]]; then
  echo
  printf '%-48s %18s %10s\n' jar "function ready ms" "CPU s"
  for i in "${!JARS[@]}"; do
    printf '%-48s %18s %10s\n' "${JARS[$i]}" "$(median <"$work/fms-$i")" "$(median <"$work/fcpu-$i")"
  done
  echo "(the handler as FC runs it, the JVM's default options: JVM start to the status answer; medians)"
fi
