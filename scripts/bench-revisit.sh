#!/usr/bin/env bash
# Revisit simulation (issue 14, "A revisit policy"): a generated site of BENCH_URLS URLs (default 100 000) served by a
# real nginx on loopback, 1 % of its URLs changing per hour with a skewed distribution (a hot set every hour, the rest
# Zipf-distributed over a warm tenth of the site, most URLs never), and hourly passes over BENCH_DAYS simulated days
# (default 1) with an injected clock, into two local backups in the same run: the revisit policy (defaults 1h..24h) and
# revalidating every URL every pass (--max-revisit 0: the requests of --full, sent conditionally). Prints, per day,
# origin requests (nginx access-log lines), revalidated/notDue, staleness (mean and max delay from a change to the pass
# that put it in the backup), CPU-seconds and wall time of the passes, and PASS/FAIL for the targets:
# <= 25 % of the requests of revalidating everything, every change in the backup within --max-revisit (24 h).
#
# The driver is test code (dev.secondaryorigin.testing.revisit.RevisitSimulation), run as its own JVM. Everything
# listens on 127.0.0.1; nginx is stopped when the driver ends. Output also in target/bench/revisit.txt.
#
# Environment: BENCH_URLS=N (>= 1000), BENCH_DAYS=D, BENCH_CONCURRENCY=C (default 8), BENCH_JAVA_OPTS, BENCH_KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
URLS=${BENCH_URLS:-100000}
DAYS=${BENCH_DAYS:-1}
CONC=${BENCH_CONCURRENCY:-8}
case $URLS in ''|*[!0-9]*) echo "bench-revisit: BENCH_URLS must be a whole number, not '$URLS'" >&2; exit 2 ;; esac
[ "$URLS" -ge 1000 ] || { echo "bench-revisit: BENCH_URLS must be at least 1000" >&2; exit 2; }
case $DAYS in ''|*[!0-9]*|0) echo "bench-revisit: BENCH_DAYS must be a whole number >= 1, not '$DAYS'" >&2; exit 2 ;; esac
command -v nginx >/dev/null 2>&1 || { echo "bench-revisit: nginx is required (scripts/test.sh installs it)" >&2; exit 2; }

mkdir -p target/bench
if [ ! -f target/test-classes/dev/secondaryorigin/testing/revisit/RevisitSimulation.class ] ||
   [ -n "$(find src pom.xml -newer target/test-classes/dev/secondaryorigin/testing/revisit/RevisitSimulation.class \
        -type f -print -quit 2>/dev/null)" ]; then
    mvn -q -B -o test-compile || mvn -q -B test-compile
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cdnso-revisit.XXXXXX")
chmod 755 "$WORK"
cleanup() { [ "${BENCH_KEEP:-0}" = 1 ] && echo "kept $WORK" >&2 || rm -rf "$WORK"; }
trap cleanup EXIT
mvn -q -B -o -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP=$REPO/target/test-classes:$REPO/target/classes:$(cat "$WORK/cp.txt")
# shellcheck disable=SC2086
/usr/bin/time -f 'driver JVM (passes, site writes, manifest reads): %U s user + %S s system CPU, %e s wall, peak RSS %M KiB' \
    java ${BENCH_JAVA_OPTS:-} -cp "$CP" dev.secondaryorigin.testing.revisit.RevisitSimulation \
    --urls "$URLS" --days "$DAYS" --concurrency "$CONC" --work "$WORK" 2>&1 | tee target/bench/revisit.txt
