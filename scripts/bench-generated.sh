#!/usr/bin/env bash
# Memory per known URL at a million URLs and beyond (issue 14, "State that fits"): the "generated" profile of
# scripts/bench.sh, also runnable alone.
#
# Serves a generated site (test code, run as its own JVM: dev.secondaryorigin.testing.bench.GeneratedSiteServer --
# pages and assets computed from the path, nothing on disk, ETag/Last-Modified and 304s) on 127.0.0.1 and syncs it into
# a local directory with a bounded heap: the first pass, the unchanged pass, and the pass after a seed changed
# BENCH_CHANGE_SHARE of the objects. Per pass: result and exit code, wall and CPU seconds (the host may be busy: read
# CPU seconds beside wall), CPU-ms per URL, peak RSS, the largest heap left after a GC (from the GC log), and the
# manifest and frontier's own heap bytes per URL (the report's stateHeapBytes / manifestUrls).
#
# Environment:
#   BENCH_URLS=N                 objects of the generated site (default 1000000)
#   BENCH_XMX=SIZE               -Xmx of the sync (default 512m)
#   BENCH_GEN_PASSES="..."       passes to run, in order: first unchanged change (default all three)
#   BENCH_CHANGE_SHARE=PCT       share of objects the change pass finds changed (default 1%)
#   BENCH_CONCURRENCY=N          our --concurrency (default 16)
#   BENCH_SITE_THREADS=N         the generated site's server threads (default 4)
#   BENCH_TYPES=LIST             our --resource-types (default all; e.g. "css,js,image" stores only the assets, to
#                                measure the state of 5-10 M URLs without writing millions of files)
#   BENCH_SYNC_ARGS="..."        extra flags for every sync (e.g. "--max-revisit 0": the unchanged pass asks every URL
#                                instead of only the due ones)
#   BENCH_LAUNCHER=script|java   how the syncs start: script (default) = scripts/cdn-secondary-origin, the CLI
#                                launcher, with its JVM options (serial GC; no class-data archive here, which
#                                only shortens start-up); java = plain `java -jar` (the JVM's defaults: C2, G1 on
#                                2+ CPUs)
#   BENCH_KEEP=1                 keep the temp dir
# Each pass writes the objects to disk (~4 KiB of blocks per small file): mind the free space and inodes at 1 M URLs
# and more. Nothing leaves 127.0.0.1; every process started here is stopped on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$PWD
URLS=${BENCH_URLS:-1000000}
XMX=${BENCH_XMX:-512m}
PASSES=${BENCH_GEN_PASSES:-first unchanged change}
SHARE=${BENCH_CHANGE_SHARE:-1%}
CONC=${BENCH_CONCURRENCY:-16}
SITE_THREADS=${BENCH_SITE_THREADS:-4}
TYPES=${BENCH_TYPES:-all}
read -r -a SYNC_ARGS <<<"${BENCH_SYNC_ARGS:-}"
LAUNCHER=${BENCH_LAUNCHER:-script}
case $LAUNCHER in script|java) ;; *) echo "bench-generated: BENCH_LAUNCHER must be script or java, not '$LAUNCHER'" >&2; exit 2 ;; esac
JAR=$REPO/target/cdn-secondary-origin.jar
OUT=$REPO/target/bench
RESULTS=$OUT/generated.txt
case $URLS in ''|*[!0-9]*) echo "bench-generated: BENCH_URLS must be a whole number, not '$URLS'" >&2; exit 2 ;; esac
for p in $PASSES; do
    case $p in first|unchanged|change) ;; *) echo "bench-generated: unknown pass $p (first, unchanged, change)" >&2; exit 2 ;; esac
done

if [ ! -f "$JAR" ] || [ ! -d target/test-classes/dev/secondaryorigin/testing/bench ] ||
   [ -n "$(find src pom.xml -newer "$JAR" -type f -print -quit 2>/dev/null)" ]; then
    echo "[bench] building $JAR and the test classes" >&2
    mvn -q -B -o package -DskipTests || mvn -q -B package -DskipTests
fi
mkdir -p "$OUT"
: >"$RESULTS"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cdnso-bench-gen.XXXXXX")
SITE_PID=""
RUN_PID=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    [ -n "$RUN_PID" ] && kill -TERM -- "-$RUN_PID" 2>/dev/null || true
    stop_site
    if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "[bench] kept $WORK" >&2; else rm -rf "$WORK"; fi
    exit "$rc"
}
stop_site() {
    [ -n "$SITE_PID" ] || return 0
    kill -TERM "$SITE_PID" 2>/dev/null || true
    wait "$SITE_PID" 2>/dev/null || true
    SITE_PID=""
}
trap cleanup EXIT
trap 'exit 130' INT TERM
say() { printf '%s\n' "$*" | tee -a "$RESULTS"; }

# Starts the generated site with a seed (0: the original; another: BENCH_CHANGE_SHARE of it changed); sets PORT.
start_site() {
    local seed=$1
    stop_site
    java -cp "target/classes:target/test-classes" dev.secondaryorigin.testing.bench.GeneratedSiteServer \
        --objects "$URLS" --seed "$seed" --change-share "$SHARE" --threads "$SITE_THREADS" >"$WORK/site-$seed.out" 2>&1 &
    SITE_PID=$!
    for _ in $(seq 600); do grep -q "^listening" "$WORK/site-$seed.out" 2>/dev/null && break; sleep 0.1; done
    PORT=$(awk '/^listening/ { print $2 }' "$WORK/site-$seed.out")
    [ -n "$PORT" ] || { echo "bench-generated: the generated site did not start" >&2; cat "$WORK/site-$seed.out" >&2; exit 1; }
}

# One pass in its own process group under /usr/bin/time, with a GC log; prints one row of the table.
pass() {
    local name=$1 rc
    local jvm=("-Xmx$XMX" "-Xlog:gc:file=$WORK/$name.gc" "-Djava.io.tmpdir=$WORK") cmd
    if [ "$LAUNCHER" = script ]; then
        cmd=(env CDNSO_JAR="$JAR" CDNSO_CDS=0 CDNSO_JAVA_OPTS="${jvm[*]}" "$REPO/scripts/cdn-secondary-origin")
    else
        cmd=(java "${jvm[@]}" -jar "$JAR")
    fi
    set +e
    setsid /usr/bin/time -f '%e %M %U %S' -o "$WORK/$name.time" "${cmd[@]}" sync --origin "http://127.0.0.1:$PORT/" --domain www.example.com \
        --target "$WORK/backup" --resource-types "$TYPES" --concurrency "$CONC" --quiet \
        --report-json "$WORK/$name.json" "${SYNC_ARGS[@]}" >"$WORK/$name.out" 2>&1 &
    RUN_PID=$!
    wait "$RUN_PID"
    rc=$?
    RUN_PID=""
    set -e
    cp "$WORK/$name.json" "$OUT/generated-$name.json" 2>/dev/null || tail -n 20 "$WORK/$name.out" >&2
    python3 - "$name" "$rc" "$WORK/$name.time" "$WORK/$name.gc" "$WORK/$name.json" "$(curl -s "http://127.0.0.1:$PORT/__stats")" <<'PY' | tee -a "$RESULTS"
import json, re, sys
name, rc, tfile, gcfile, rfile, site = sys.argv[1:7]
wall, rss, user, sys_ = open(tfile).read().split()[-4:]
cpu = float(user) + float(sys_)
after = [float(m.group(1)) * {"K": 1 / 1024, "M": 1, "G": 1024}[m.group(2)]
         for m in re.finditer(r"->(\d+(?:\.\d+)?)([KMG])\(", open(gcfile).read())]
try:
    r = json.load(open(rfile))
except (OSError, ValueError):
    r = {}
urls = r.get("manifestUrls", 0) or 1
state = r.get("stateHeapBytes", 0)
peak = max(after) if after else 0
print(f"{name:<10} {r.get('result', '-'):<11} {rc:>4} {float(wall):>8.1f} {cpu:>8.1f} {cpu * 1000 / urls:>8.3f} "
      f"{int(rss) // 1024:>8} {peak:>9.0f} {r.get('manifestUrls', 0):>9} {state / urls:>9.0f} {peak * 1048576 / urls:>10.0f}"
      f"  {json.loads(site).get('requests', '-') if site else '-'}")
PY
}

say "generated site: $URLS objects, -Xmx$XMX, launcher $LAUNCHER, --concurrency $CONC, --resource-types $TYPES; load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
say "pass       result      exit   wall s    CPU s  CPU-ms/U  RSS MiB heapGC MiB      URLs  state B/U heapGC B/U  origin requests"
for p in $PASSES; do
    case $p in
        first) rm -rf "$WORK/backup"; start_site 0 ;;
        unchanged) start_site 0 ;;
        change) start_site 1 ;;
    esac
    pass "$p"
done
say "(CPU s = user + sys of the sync's JVM; heapGC = the largest heap left after a GC; state B/U = the manifest's and"
say " frontier's heap bytes per URL at the end of the pass; the host's load: $(cut -d' ' -f1-3 /proc/loadavg))"
say "backup on disk: $(du -sh "$WORK/backup" 2>/dev/null | cut -f1)"
