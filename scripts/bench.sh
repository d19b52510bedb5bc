#!/usr/bin/env bash
# Speed and memory benchmark of the sync engine against wget --mirror (issue 2, "Speed and memory").
#
# Generates a BENCH_OBJECTS-object site (default 10 000), serves it with nginx on loopback in two
# profiles -- "loopback" (plain static serving) and "wan" (every response delayed 20 ms with the echo
# module) -- and measures, per profile: our first pass, our unchanged second pass, our pass after
# changing 1 % of the files, wget --mirror's first pass and wget's re-run after the change. Prints a
# table and PASS/FAIL per target; writes the same to target/bench/results.txt.
#
# Profile "oss" (issue 3, "Speed") syncs the loopback origin into the OSS emulator (test code, run as its own JVM:
# dev.secondaryorigin.testing.oss.OssEmulatorMain) and, in the same run, into a local directory: first pass and
# unchanged pass each, interleaved, with objects/s and MiB/s and the OSS/local ratio. It first measures the emulator
# alone (OssEmulatorBench: the site's files PUT through aliyun-sdk-oss, V4, BENCH_CONCURRENCY threads), so the
# report shows the emulator's ceiling next to the sync's rate. Made-up credentials; the emulator listens on 127.0.0.1.
#
# Profile "staging" (issue 8, "Held-back changes") measures what staging costs: once the backup holds a published copy,
# a pass writes each new or changed object under .secondary-origin/<task>/staging/, judges the pass, then publishes
# (keeps the replaced object under passes/<pass>/previous/ for rollback, moves the staged one into place). For the local
# directory and the OSS emulator, it runs the first pass (empty target), the unchanged pass and the pass after changing
# 1 % of the files with (a) the current jar, (b) the current jar with --keep-passes 0 and (c) a baseline jar built from
# BENCH_BASELINE (no staging) in a temporary git worktree, cached as target/bench/baseline-<commit>.jar. Variants are
# interleaved (their order rotates per repeat), each into its own directory and bucket; the table shows medians and the
# ratios (a)/(c) and (b)/(c) of wall time, CPU seconds, peak RSS and OSS requests.
#
# Profile "generated" (issue 14, "State that fits") runs scripts/bench-generated.sh first: a generated site of BENCH_URLS
# objects (default 1000000; nothing on disk, served by the test class GeneratedSiteServer), synced with -Xmx BENCH_XMX
# (default 512m): first, unchanged and 1 %-changed pass, with peak RSS, heap after GC and memory per known URL
# (target/bench/generated.txt). See that script for its own variables. Not in the default profiles.
#
# Environment:
#   BENCH_OBJECTS=N          site size (default 10000; >= 100)
#   BENCH_CONCURRENCY=N      our --concurrency (default 16, the engine's default)
#   BENCH_PROFILES="..."     profiles to run: loopback, wan, oss, staging, generated (default "loopback wan oss")
#   BENCH_WGET_RERUN=0       skip wget's re-runs (each costs a full sequential crawl; ~objects x 20 ms on wan)
#   BENCH_LAUNCHER=script    how our runs start: script = scripts/cdn-secondary-origin, the CLI launcher (its JVM
#                            settings and class-data archive, kept in target/bench/cds; an untimed short sync first
#                            writes the archive), java = plain `java -jar` (default script: measured as users run it)
#   BENCH_JAVA_OPTS="..."    extra JVM options for our runs (default none)
#   BENCH_JFR=1              a JFR recording (settings=profile) of each of our runs: target/bench/jfr/RUN.jfr; read
#                            with `jfr summary` or `jfr print --events jdk.ExecutionSample`
#   BENCH_OSS_ROUNDS=N       rounds of the emulator-alone PUT benchmark (default 2; the first warms both JVMs)
#   BENCH_OSS_REPEAT=N       oss profile: repeats of (local, OSS) x (first, unchanged) passes, compared by their
#                            median wall time (default 3; a 2-CPU host's speed drifts by tens of % between runs)
#   BENCH_STAGING_REPEAT=N   staging profile: repeats of the 18 passes (3 variants x 2 stores x 3 kinds), compared by
#                            their medians (default 3)
#   BENCH_BASELINE=COMMIT    staging profile: the engine without staging (default 466ba89, the commit before it)
#   BENCH_KEEP=1             keep the temp dir (site, backups, logs) for inspection
# Every pass of ours runs with --max-revisit 0: it asks every known URL, as wget's re-run does and as every pass did
# before the revisit policy, so the unchanged and 1%-change passes measure revalidating the whole site (the policy's
# savings are measured by scripts/bench-revisit.sh).
# Nothing leaves 127.0.0.1; every process started here is stopped on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$PWD
N=${BENCH_OBJECTS:-10000}
CONC=${BENCH_CONCURRENCY:-16}
PROFILES=${BENCH_PROFILES:-loopback wan oss}
OSS_ROUNDS=${BENCH_OSS_ROUNDS:-2}
OSS_REPEAT=${BENCH_OSS_REPEAT:-3}
STG_REPEAT=${BENCH_STAGING_REPEAT:-3}
BASELINE=${BENCH_BASELINE:-466ba89}
WGET_RERUN=${BENCH_WGET_RERUN:-1}
LAUNCHER=${BENCH_LAUNCHER:-script}
DELAY_MS=20
DELAY_S=$(printf '0.%03d' "$DELAY_MS")
DOMAIN=www.example.com
CHANGE=$(( N / 100 > 0 ? N / 100 : 1 ))
JAR=$REPO/target/cdn-secondary-origin.jar
OUT=$REPO/target/bench
RESULTS=$OUT/results.txt
ECHO_MODULE=/usr/lib/nginx/modules/ngx_http_echo_module.so
# The OSS emulator's made-up credentials and buckets: one per repeat of the sync (bench-backup-N), one for the
# emulator-alone benchmark.
OSS_AK=bench-ak-not-real
OSS_SECRET=bench-secret-not-real
OSS_REGION=cn-hangzhou
OSS_BUCKET=bench-backup
OSS_EMU_BUCKET=bench-emulator
OSS_PID=""
OSS_LOG=""
BASE_WT=""
for p in $PROFILES; do
    case $p in loopback|wan|oss|staging|generated) ;;
        *) echo "bench: unknown profile $p (loopback, wan, oss, staging, generated)" >&2; exit 2 ;; esac
done
case $LAUNCHER in script|java) ;; *) echo "bench: BENCH_LAUNCHER must be script or java, not '$LAUNCHER'" >&2; exit 2 ;; esac
case $STG_REPEAT in ''|*[!0-9]*|0) echo "bench: BENCH_STAGING_REPEAT must be a whole number >= 1, not '$STG_REPEAT'" >&2; exit 2 ;; esac

say() { printf '%s\n' "$*" | tee -a "$RESULTS"; }
note() { printf '[bench] %s\n' "$*" >&2; }

# ---------------------------------------------------------------- prerequisites
install_missing() {
    local pkgs=()
    command -v nginx >/dev/null 2>&1 || pkgs+=(nginx)
    [ -f "$ECHO_MODULE" ] || pkgs+=(libnginx-mod-http-echo)
    command -v wget >/dev/null 2>&1 || pkgs+=(wget)
    [ -x /usr/bin/time ] || pkgs+=(time)
    command -v curl >/dev/null 2>&1 || pkgs+=(curl)
    command -v python3 >/dev/null 2>&1 || pkgs+=(python3)
    [ ${#pkgs[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    note "installing ${pkgs[*]}"
    # Keep the package's own nginx service from starting on port 80: we start our own.
    local policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        policy=/usr/sbin/policy-rc.d
        printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
        $sudo chmod +x "$policy"
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
    [ -n "$policy" ] && $sudo rm -f "$policy"
    return 0
}
install_missing
command -v java >/dev/null 2>&1 || { echo "bench: java (JDK 11+) is required" >&2; exit 2; }
# The interpreter itself, not a version-manager shim (a pyenv shim costs a second a call).
PY=$(python3 -c 'import sys; print(sys.executable)')

if [[ " $PROFILES " == *" generated "* ]]; then
    "$REPO/scripts/bench-generated.sh"
    PROFILES=$(echo $PROFILES | tr ' ' '\n' | grep -vx generated | xargs || true)
    [ -n "$PROFILES" ] || exit 0
fi

if [ ! -f "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -type f -print -quit 2>/dev/null)" ]; then
    note "building $JAR"
    mvn -q -B -o package -DskipTests || mvn -q -B package -DskipTests
fi

mkdir -p "$OUT"
: >"$RESULTS"

# ---------------------------------------------------------------- temp dir, cleanup
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cdnso-bench.XXXXXX")
chmod 755 "$WORK"   # nginx workers may run as another user
CHILD=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$CHILD" ] && kill -0 "$CHILD" 2>/dev/null; then
        kill -TERM -- "-$CHILD" 2>/dev/null || true
        wait "$CHILD" 2>/dev/null || true
    fi
    stop_oss_emulator
    remove_baseline_worktree
    if [ -s "$WORK/nginx.pid" ]; then
        local pid
        pid=$(cat "$WORK/nginx.pid")
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
        note "kept $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
stop_oss_emulator() {
    [ -n "$OSS_PID" ] || return 0
    kill -TERM "$OSS_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$OSS_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$OSS_PID" 2>/dev/null || true
    wait "$OSS_PID" 2>/dev/null || true
    OSS_PID=""
}
remove_baseline_worktree() {
    [ -n "$BASE_WT" ] || return 0
    git -C "$REPO" worktree remove --force "$BASE_WT" 2>/dev/null || { rm -rf "$BASE_WT"; git -C "$REPO" worktree prune; }
    BASE_WT=""
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The staging profile's baseline: the engine at BENCH_BASELINE, built once in a temporary worktree and cached by commit.
BASE_JAR=""
if [[ " $PROFILES " == *" staging "* ]]; then
    BASE_COMMIT=$(git rev-parse --verify -q "$BASELINE^{commit}") ||
        { echo "bench: BENCH_BASELINE '$BASELINE' is not a commit of this repository" >&2; exit 2; }
    BASE_JAR=$OUT/baseline-$BASE_COMMIT.jar
    if [ ! -f "$BASE_JAR" ]; then
        BASE_WT=$WORK/baseline-src
        note "building the baseline jar from ${BASE_COMMIT:0:7} in a temporary worktree"
        git worktree add -q --detach "$BASE_WT" "$BASE_COMMIT"
        (cd "$BASE_WT" && { mvn -q -B -o -Dstyle.color=never package -DskipTests ||
            mvn -q -B -Dstyle.color=never package -DskipTests; })
        cp "$BASE_WT/target/cdn-secondary-origin.jar" "$BASE_JAR.tmp"
        mv "$BASE_JAR.tmp" "$BASE_JAR"
        remove_baseline_worktree
    fi
fi

# Runs a command in its own process group under /usr/bin/time, so cleanup can stop all of it.
# Usage: timed NAME cmd...  -> $WORK/NAME.time holds "wall_s peak_rss_kb user_s sys_s"; returns the exit code.
# Also notes the 1-minute load average before the run: other work on the host skews the timings.
timed() {
    local name=$1; shift
    R[$name.load]=$(cut -d' ' -f1 /proc/loadavg)
    set +e
    setsid /usr/bin/time -f '%e %M %U %S' -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>&1 &
    CHILD=$!
    wait "$CHILD"
    local rc=$?
    CHILD=""
    set -e
    return $rc
}

# ---------------------------------------------------------------- site
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
SITE=$WORK/site
mkdir -p "$SITE"
note "generating a $N-object site"
t0=$(date +%s.%N)
"$PY" "$REPO/scripts/bench-site.py" generate "$SITE" "$N" 42 >/dev/null
chmod -R a+rX "$SITE"
sync   # flush the new site now, so its write-back does not land in the first measured run
SITE_BYTES=$(du -sb "$SITE" | cut -f1)
SITE_FILE_BYTES=$(find "$SITE" -type f -printf '%s\n' | awk '{ t += $1 } END { print t + 0 }')
note "site: $N objects, $(( SITE_BYTES / 1048576 )) MiB, generated in $("$PY" -c "print(round($(date +%s.%N)-$t0,1))") s"

# ---------------------------------------------------------------- nginx
read -r PORT_LOOPBACK PORT_WAN < <("$PY" -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])
for x in s: x.close()')
NGINX_USER=""
if [ "$(id -u)" -eq 0 ]; then
    if id www-data >/dev/null 2>&1; then NGINX_USER="user www-data;"; else NGINX_USER="user nobody;"; fi
fi
mkdir -p "$WORK/nginx-tmp"
cat >"$WORK/nginx.conf" <<EOF
load_module $ECHO_MODULE;
$NGINX_USER
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    log_not_found off;
    log_format bench '\$msec\t\$request_method\t\$status\t\$body_bytes_sent\t\$request_uri\t\$http_user_agent';
    client_body_temp_path $WORK/nginx-tmp/body;
    proxy_temp_path $WORK/nginx-tmp/proxy;
    fastcgi_temp_path $WORK/nginx-tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx-tmp/uwsgi;
    scgi_temp_path $WORK/nginx-tmp/scgi;
    # loopback: plain static serving
    server {
        listen 127.0.0.1:$PORT_LOOPBACK;
        root $SITE;
        access_log $WORK/access-loopback.log bench;
    }
    # wan: every response delayed ${DELAY_MS} ms, as an origin across the internet
    server {
        listen 127.0.0.1:$PORT_WAN;
        root $SITE;
        access_log $WORK/access-wan.log bench;
        location / { echo_sleep $DELAY_S; echo_exec @files; }
        location @files { try_files \$uri \$uri/index.html =404; }
    }
}
EOF
touch "$WORK/access-loopback.log" "$WORK/access-wan.log"
nginx -q -c "$WORK/nginx.conf" -p "$WORK" -e "$WORK/nginx-error.log"
for _ in $(seq 50); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT_WAN/" && curl -s -o /dev/null "http://127.0.0.1:$PORT_LOOPBACK/" && break
    sleep 0.1
done
note "nginx pid $(cat "$WORK/nginx.pid"): loopback on $PORT_LOOPBACK, wan on $PORT_WAN"

# Conditional requests must survive the echo_sleep/echo_exec detour, or the WAN numbers mean nothing.
check_conditional() {
    local port=$1 uri=/assets/css/style-0.css h etag lm c1 c2 c3 t
    h=$(curl -s -D - -o /dev/null "http://127.0.0.1:$port$uri")
    etag=$(printf '%s' "$h" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
    lm=$(printf '%s' "$h" | tr -d '\r' | sed -n 's/^[Ll]ast-[Mm]odified: //p')
    c1=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "http://127.0.0.1:$port$uri")
    c2=$(curl -s -o /dev/null -w '%{http_code}' -H "If-Modified-Since: $lm" "http://127.0.0.1:$port$uri")
    c3=$(curl -s -o /dev/null -w '%{http_code}' -H 'If-None-Match: "stale"' "http://127.0.0.1:$port$uri")
    t=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/")
    local ok=FAIL
    [ -n "$etag" ] && [ -n "$lm" ] && [ "$c1" = 304 ] && [ "$c2" = 304 ] && [ "$c3" = 200 ] && ok=OK
    echo "$ok: ETag $etag, Last-Modified '$lm', If-None-Match -> $c1, If-Modified-Since -> $c2," \
        "stale ETag -> $c3; GET / took ${t}s"
}
CHECK_COND_LOOPBACK=$(check_conditional "$PORT_LOOPBACK")
CHECK_COND_WAN=$(check_conditional "$PORT_WAN")

# ---------------------------------------------------------------- measurement helpers
declare -A R   # results: R[profile.run.field]

loglines() { wc -l <"$1" | tr -d ' '; }
# Lets nginx finish logging the last request before the log is read.
settle() { sleep 0.3; }

# Reads "name value" lines into R[KEY.name].
load_into() {
    local key=$1 name value
    while read -r name value; do R[$key.$name]=$value; done
}

record_time() {
    local key=$1 wall rss user sys
    read -r wall rss user sys < <(tail -n 1 "$WORK/$key.time")
    R[$key.wall]=$wall
    R[$key.rss]=$(( rss / 1024 ))
    R[$key.cpu]=$("$PY" -c "print(round($user + $sys, 1))")
}

# Origin-side view of a run: access-log lines after FROM; CHANGED lists the changed files' URIs.
record_log() {
    local key=$1 log=$2 from=$3 changed=${4:-} to
    settle
    to=$(loglines "$log")
    load_into "$key" < <("$PY" "$REPO/scripts/bench-site.py" log "$log" "$((from + 1))" "$to" $changed |
        "$PY" -c 'import json,sys
r = json.load(sys.stdin)
print("logreq", r["requests"]); print("bytes", r["bodyBytes"]); print("ok", r["ok"])
print("okUnchanged", r["okUnchanged"]); print("changedRefetched", r["changedRefetched"])
print("n304", r["status"].get("304", 0))')
}

record_report() {
    local key=$1 file=$2
    load_into "$key" < <("$PY" -c 'import json,sys
r = json.load(open(sys.argv[1]))
for f in ("requests", "fetched", "notModified", "stored", "unchanged", "bytesFetched", "bytesStored",
          "durationMs", "complete", "result"):
    print(f, r.get(f, "n/a"))' "$file")
}

# Files (not state) under a backup written after a marker file.
written_since() {
    (cd "$1" && find . -path ./.secondary-origin -prune -o -type f -newer "$2" -print | sed 's|^\./||' | sort)
}

diff_count() {
    diff -rq --exclude=.secondary-origin "$SITE" "$1" 2>/dev/null | wc -l | tr -d ' '
}

# Our CLI for run KEY of JAR, as BENCH_LAUNCHER says, into the array CMD (append "sync" and its options).
ours_cmd() {
    local opts="${BENCH_JAVA_OPTS:-} -Djava.io.tmpdir=$WORK/jtmp"
    if [ "${BENCH_JFR:-0}" = 1 ]; then
        mkdir -p "$OUT/jfr"
        opts="$opts -XX:StartFlightRecording=filename=$OUT/jfr/$1.jfr,settings=profile"
    fi
    if [ "$LAUNCHER" = script ]; then
        CMD=(env CDNSO_JAR="$2" CDNSO_CDS_DIR="$OUT/cds" CDNSO_JAVA_OPTS="$opts" "$REPO/scripts/cdn-secondary-origin")
    else
        # shellcheck disable=SC2206 # a list of options
        CMD=(java $opts -jar "$2")
    fi
}

# With the launcher, a short untimed sync writes its class-data archive for JAR (if none yet), so no measured run
# pays for writing it.
warm_launcher() {
    [ "$LAUNCHER" = script ] || return 0
    note "launcher: a short sync to write the class-data archive of ${1#$REPO/}"
    ours_cmd warmup "$1"
    "${CMD[@]}" sync --origin "http://127.0.0.1:$PORT_LOOPBACK/" --domain "$DOMAIN" --target "$WORK/warmup" \
        --max-objects 300 --quiet >"$WORK/warmup.out" 2>&1 || true
    rm -rf "$WORK/warmup"
}

ours() {
    local profile=$1 run=$2 port=$3 target=$4 log=$5 changed=${6:-} key=$1.$2 from rc
    from=$(loglines "$log")
    touch "$WORK/mark-$key"; sleep 0.01
    note "$profile: ours $run"
    ours_cmd "$key" "$JAR"
    timed "$key" "${CMD[@]}" sync \
        --origin "http://127.0.0.1:$port/" --domain "$DOMAIN" --target "$target" \
        --concurrency "$CONC" --max-revisit 0 --quiet --report-json "$WORK/$key.json" && rc=0 || rc=$?
    R[$key.exit]=$rc
    record_time "$key"
    record_log "$key" "$log" "$from" "$changed"
    if [ -f "$WORK/$key.json" ]; then
        record_report "$key" "$WORK/$key.json"
        cp "$WORK/$key.json" "$OUT/report-$key.json"
    else
        note "no report from $key; output:"; tail -n 20 "$WORK/$key.out" >&2
    fi
    written_since "$target" "$WORK/mark-$key" >"$WORK/written-$key.txt"
    R[$key.written]=$(wc -l <"$WORK/written-$key.txt" | tr -d ' ')
    R[$key.diff]=$(diff_count "$target")
}

wget_run() {
    local profile=$1 run=$2 port=$3 dir=$4 log=$5 changed=${6:-} key=$1.$2 from rc
    from=$(loglines "$log")
    note "$profile: wget $run"
    mkdir -p "$dir"
    timed "$key" wget --mirror --page-requisites --no-parent -nH -nv -P "$dir" \
        "http://127.0.0.1:$port/" && rc=0 || rc=$?
    R[$key.exit]=$rc
    record_time "$key"
    record_log "$key" "$log" "$from" "$changed"
    R[$key.requests]=${R[$key.logreq]}
    R[$key.files]=$(find "$dir" -type f | wc -l | tr -d ' ')
}

# Changed files whose copy in a mirror still differs from the origin.
stale_count() {
    local dir=$1 list=$2 n=0 rel
    while IFS=$'\t' read -r rel _; do
        cmp -s "$SITE/$rel" "$dir/$rel" || n=$((n + 1))
    done <"$list"
    echo "$n"
}

run_profile() {
    local p=$1 port log ours_t wget_t
    case $p in
        loopback) port=$PORT_LOOPBACK ;;
        wan) port=$PORT_WAN ;;
        oss) run_oss; return ;;
        staging) run_staging; return ;;
        *) echo "bench: unknown profile $p" >&2; exit 2 ;;
    esac
    log=$WORK/access-$p.log
    ours_t=$WORK/backup-$p
    wget_t=$WORK/wget-$p
    ours "$p" first "$port" "$ours_t" "$log"
    ours "$p" unchanged "$port" "$ours_t" "$log"
    wget_run "$p" wget "$port" "$wget_t" "$log"
    local seed=100
    [ "$p" = wan ] && seed=200
    "$PY" "$REPO/scripts/bench-site.py" mutate "$SITE" "$CHANGE" "$seed" "$WORK/changed-$p.txt"
    cut -f1 "$WORK/changed-$p.txt" | sort >"$WORK/changed-$p.sorted"
    ours "$p" change "$port" "$ours_t" "$log" "$WORK/changed-$p.txt"
    R[$p.change.exactWrites]=$(cmp -s "$WORK/changed-$p.sorted" "$WORK/written-$p.change.txt" && echo yes || echo no)
    if [ "$WGET_RERUN" = 1 ]; then
        wget_run "$p" wgetrerun "$port" "$wget_t" "$log" "$WORK/changed-$p.txt"
        R[$p.wgetrerun.stale]=$(stale_count "$wget_t" "$WORK/changed-$p.txt")
    fi
}

# ---------------------------------------------------------------- profile oss: the OSS emulator vs the local store
# CPU seconds (user+sys) a process has used so far.
proc_cpu() {
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / hz }' "/proc/$1/stat"
}
# CPU seconds of a JVM's garbage collector and JIT compiler threads so far: "gc jit". (Its request threads come
# and go with connections, so their share is the process's total minus these.)
jvm_overhead_cpu() {
    local t
    for t in /proc/"$1"/task/*; do
        printf '%s\t%s\n' "$(cat "$t/comm" 2>/dev/null)" "$(sed 's/^.*) //' "$t/stat" 2>/dev/null | cut -d' ' -f12,13)"
    done | awk -F'\t' -v hz="$(getconf CLK_TCK)" '
        { split($2, c, " "); s = (c[1] + c[2]) / hz }
        $1 ~ /^(GC Thread|G1 )/ { gc += s } $1 ~ /^C[12] CompilerThre/ { jit += s }
        END { printf "%.2f %.2f\n", gc, jit }'
}
# "busy total" jiffies of the whole host, to tell how busy all CPUs were during a run.
host_jiffies() {
    awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat
}

# Usage: start_oss_emulator NAME BUCKET... -> logs requests to $WORK/NAME-access.log ($OSS_LOG), stats on exit to
# $WORK/NAME-stats.txt.
start_oss_emulator() {
    local name=$1; shift
    local marker=target/test-classes/dev/secondaryorigin/testing/oss/OssEmulatorBench.class
    if [ ! -f "$marker" ] || [ -n "$(find src pom.xml -newer "$marker" -type f -print -quit 2>/dev/null)" ]; then
        note "compiling the test classes (the OSS emulator)"
        mvn -q -B -o -Dstyle.color=never test-compile || mvn -q -B -Dstyle.color=never test-compile
    fi
    mvn -q -B -o -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$WORK/test-classpath.txt" >/dev/null ||
        mvn -q -B -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test \
            -Dmdep.outputFile="$WORK/test-classpath.txt" >/dev/null
    TEST_CP=$REPO/target/test-classes:$REPO/target/classes:$(cat "$WORK/test-classpath.txt")
    OSS_LOG=$WORK/$name-access.log
    : >"$OSS_LOG"
    setsid java -cp "$TEST_CP" dev.secondaryorigin.testing.oss.OssEmulatorMain --port 0 \
        --access-key-id "$OSS_AK" --access-key-secret "$OSS_SECRET" --region "$OSS_REGION" \
        $(for b in "$@"; do echo --bucket "$b"; done) \
        --access-log "$OSS_LOG" --stats "$WORK/$name-stats.txt" \
        >"$WORK/oss-port.txt" 2>"$WORK/oss-emulator.err" &
    OSS_PID=$!
    for _ in $(seq 300); do
        [ -s "$WORK/oss-port.txt" ] && break
        kill -0 "$OSS_PID" 2>/dev/null || break
        sleep 0.1
    done
    OSS_PORT=$(head -n 1 "$WORK/oss-port.txt" 2>/dev/null || true)
    if [ -z "$OSS_PORT" ]; then
        echo "bench: the OSS emulator did not start:" >&2
        cat "$WORK/oss-emulator.err" >&2
        exit 1
    fi
    OSS_ENDPOINT=http://127.0.0.1:$OSS_PORT
    note "OSS emulator pid $OSS_PID on $OSS_ENDPOINT"
}

# The emulator on its own: the site's files PUT through aliyun-sdk-oss, V4-signed, from CONC threads.
oss_emulator_alone() {
    local e0 e1 g0 g1 j0 j1 line r
    note "oss: emulator alone ($OSS_ROUNDS rounds of $N PUTs)"
    e0=$(proc_cpu "$OSS_PID"); read -r g0 j0 < <(jvm_overhead_cpu "$OSS_PID")
    timed oss.emubench java -cp "$TEST_CP" dev.secondaryorigin.testing.oss.OssEmulatorBench \
        --endpoint "$OSS_ENDPOINT" --access-key-id "$OSS_AK" --access-key-secret "$OSS_SECRET" \
        --region "$OSS_REGION" --bucket "$OSS_EMU_BUCKET" --dir "$SITE" --threads "$CONC" --rounds "$OSS_ROUNDS" &&
        R[oss.emubench.exit]=0 || R[oss.emubench.exit]=$?
    e1=$(proc_cpu "$OSS_PID"); read -r g1 j1 < <(jvm_overhead_cpu "$OSS_PID")
    R[oss.emubench.emucpu]=$("$PY" -c "print(round($e1 - $e0, 1))")
    R[oss.emubench.emugc]=$("$PY" -c "print(round($g1 - $g0, 1))")
    R[oss.emubench.emujit]=$("$PY" -c "print(round($j1 - $j0, 1))")
    cp "$WORK/oss.emubench.out" "$OUT/oss-emulator-alone.txt"
    # round=R puts=N bytes=B seconds=S puts_per_s=P mib_per_s=M p50_ms=.. p99_ms=.. client_cpu_s=.. threads=T
    while read -r line; do
        r=$(printf '%s\n' "$line" | sed -n 's/^round=\([0-9]*\) .*/\1/p')
        [ -n "$r" ] || continue
        for kv in $line; do R[oss.emu$r.${kv%%=*}]=${kv#*=}; done
        R[oss.emurounds]=$r
    done <"$WORK/oss.emubench.out"
    # The best round is the emulator's ceiling (the first one includes both JVMs' warm-up).
    R[oss.emubest]=$("$PY" -c "import sys; print(max([float(x) for x in sys.argv[1:]] or [0]))" \
        $(for i in $(seq "${R[oss.emurounds]:-0}"); do echo "${R[oss.emu$i.puts_per_s]}"; done))
    if [ "${R[oss.emubench.exit]}" != 0 ]; then
        note "the emulator benchmark failed:"; tail -n 20 "$WORK/oss.emubench.out" >&2
    fi
}

# Requests the emulator answered from line FROM+1 on for BUCKET: all, site-object PUTs, state writes, reads, errors.
record_oss_log() {
    local key=$1 from=$2 bucket=$3
    load_into "$key" < <(tail -n +"$((from + 1))" "$OSS_LOG" | awk -F'\t' -v b="$bucket" '
        $3 != b { next }
        { n++ }
        ($2 == "PUT" || $2 == "POST") && $4 !~ /^\.secondary-origin\// && $6 == 200 { site++ }
        ($2 == "PUT" || $2 == "POST") && $4 ~ /^\.secondary-origin\// { state++ }
        $2 == "GET" || $2 == "HEAD" { reads++ }
        # A state file a new pass looks for is missing (404); anything else 4xx/5xx or a dropped connection is an error.
        $6 == 0 || $6 >= 500 || ($6 >= 400 && !($6 == 404 && $4 ~ /^\.secondary-origin\//)) { errors++ }
        END { print "ossreq", n + 0; print "osssite", site + 0; print "ossstate", state + 0
              print "ossreads", reads + 0; print "osserrors", errors + 0 }')
}

oss_bucket() { echo "$OSS_BUCKET-$1"; }
oss_target() { echo "$(oss_bucket "$1").oss-$OSS_REGION.aliyuncs.com"; }

# One pass of the oss profile. STORE: local | oss; RUN: first | unchanged; I: the repeat (own bucket and directory).
oss_pass() {
    local store=$1 run=$2 i=$3 key=oss.$1.$2.$3 log=$WORK/access-loopback.log
    local from ofrom e0 e1 g0 g1 j0 j1 h0 h1 t0 t1 rc target=$WORK/backup-oss-local-$3
    ours_cmd "$key" "$JAR"
    local -a cmd=("${CMD[@]}" sync
        --origin "http://127.0.0.1:$PORT_LOOPBACK/" --domain "$DOMAIN" --concurrency "$CONC" --max-revisit 0 --quiet
        --report-json "$WORK/$key.json")
    if [ "$store" = oss ]; then
        target=$(oss_target "$i")
        cmd=(env ALIBABA_CLOUD_ACCESS_KEY_ID="$OSS_AK" ALIBABA_CLOUD_ACCESS_KEY_SECRET="$OSS_SECRET"
            "${cmd[@]}" --target "$target" --oss-endpoint "$OSS_ENDPOINT")
    else
        cmd+=(--target "$target")
    fi
    note "oss: #$i ours $run into the $store store"
    # Each pass starts with the previous one's writes on disk, not in its write-back.
    sync
    from=$(loglines "$log")
    ofrom=$(loglines "$OSS_LOG")
    touch "$WORK/mark-$key"; sleep 0.01
    e0=$(proc_cpu "$OSS_PID"); read -r g0 j0 < <(jvm_overhead_cpu "$OSS_PID"); read -r h0 t0 < <(host_jiffies)
    timed "$key" "${cmd[@]}" && rc=0 || rc=$?
    e1=$(proc_cpu "$OSS_PID"); read -r g1 j1 < <(jvm_overhead_cpu "$OSS_PID"); read -r h1 t1 < <(host_jiffies)
    R[$key.exit]=$rc
    R[$key.emucpu]=$("$PY" -c "print(round($e1 - $e0, 1))")
    R[$key.emugc]=$("$PY" -c "print(round($g1 - $g0, 1))")
    R[$key.emujit]=$("$PY" -c "print(round($j1 - $j0, 1))")
    R[$key.busy]=$("$PY" -c "print(round(100 * ($h1 - $h0) / max($t1 - $t0, 1)))")
    record_time "$key"
    record_log "$key" "$log" "$from"
    record_oss_log "$key" "$ofrom" "$(oss_bucket "$i")"
    if [ -f "$WORK/$key.json" ]; then
        record_report "$key" "$WORK/$key.json"
        cp "$WORK/$key.json" "$OUT/report-$key.json"
    else
        note "no report from $key; output:"; tail -n 20 "$WORK/$key.out" >&2
    fi
    if [ "$store" = local ]; then
        R[$key.diff]=$(diff_count "$target")
    fi
}

median() { "$PY" -c "import statistics, sys; print(round(statistics.median(float(x) for x in sys.argv[1:]), 2))" "$@"; }

run_oss() {
    local i store run
    start_oss_emulator oss $(for i in $(seq "$OSS_REPEAT"); do oss_bucket "$i"; done) "$OSS_EMU_BUCKET"
    oss_emulator_alone
    for i in $(seq "$OSS_REPEAT"); do
        # Interleaved, and which store goes first alternates, so drifts in the host's speed hit both alike.
        if [ $((i % 2)) -eq 1 ]; then
            oss_pass local first "$i"; oss_pass oss first "$i"; oss_pass local unchanged "$i"; oss_pass oss unchanged "$i"
        else
            oss_pass oss first "$i"; oss_pass local first "$i"; oss_pass oss unchanged "$i"; oss_pass local unchanged "$i"
        fi
    done
    note "oss: verify each bucket (every manifest entry there with its size and MD5; not timed)"
    for i in $(seq "$OSS_REPEAT"); do
        env ALIBABA_CLOUD_ACCESS_KEY_ID="$OSS_AK" ALIBABA_CLOUD_ACCESS_KEY_SECRET="$OSS_SECRET" \
            java -jar "$JAR" verify --target "$(oss_target "$i")" --oss-endpoint "$OSS_ENDPOINT" \
            >"$WORK/oss-verify-$i.txt" 2>&1 && R[oss.verify.$i.exit]=0 || R[oss.verify.$i.exit]=$?
        R[oss.verify.$i]=$(grep -m 1 '^Ready:' "$WORK/oss-verify-$i.txt" || tail -n 1 "$WORK/oss-verify-$i.txt")
    done
    R[oss.emurss]=$(awk '/^VmHWM:/ { print int($2 / 1024) }' "/proc/$OSS_PID/status")
    R[oss.emucputotal]=$(proc_cpu "$OSS_PID")
    stop_oss_emulator
    cp "$WORK/oss-stats.txt" "$OUT/oss-emulator-stats.txt" 2>/dev/null || true
    for store in local oss; do
        for run in first unchanged; do
            R[oss.$store.$run.med.wall]=$(median $(for i in $(seq "$OSS_REPEAT"); do echo "${R[oss.$store.$run.$i.wall]}"; done))
        done
    done
}

# ---------------------------------------------------------------- profile staging: what held-back changes cost
# Variants: a = current jar, b = current jar with --keep-passes 0, c = baseline jar (no staging).
STG_VARIANTS="a b c"
stg_label() {
    case $1 in a) echo "staging" ;; b) echo "staging, --keep-passes 0" ;; c) echo "baseline ${BASE_COMMIT:0:7}" ;; esac
}
stg_bucket() { echo "bench-staging-$1-$2"; }

# Requests the emulator answered from line FROM+1 on for BUCKET, by kind: all; PUT/POST of a site object and of a state
# object (.secondary-origin/), each without a copy source; server-side copies; DELETEs; object reads (GET/HEAD);
# bucket-level requests (listings); errors (as in record_oss_log).
record_stg_oss_log() {
    local key=$1 from=$2 bucket=$3
    load_into "$key" < <(tail -n +"$((from + 1))" "$OSS_LOG" | awk -F'\t' -v b="$bucket" '
        $3 != b { next }
        { n++ }
        $4 == "" { bucketreq++; next }
        $7 != "-" && $7 != "" { copies++; next }
        ($2 == "PUT" || $2 == "POST") && $4 !~ /^\.secondary-origin\// { site++ }
        ($2 == "PUT" || $2 == "POST") && $4 ~ /^\.secondary-origin\// { state++ }
        $2 == "DELETE" { deletes++ }
        $2 == "GET" || $2 == "HEAD" { reads++ }
        $6 == 0 || $6 >= 500 || ($6 >= 400 && !($6 == 404 && $4 ~ /^\.secondary-origin\//)) { errors++ }
        END { print "ossreq", n + 0; print "osssite", site + 0; print "ossstate", state + 0; print "osscopy", copies + 0
              print "ossdelete", deletes + 0; print "ossreads", reads + 0; print "ossbucket", bucketreq + 0
              print "osserrors", errors + 0 }')
}

# One pass of the staging profile. V: a | b | c; STORE: local | oss; KIND: first | unchanged | change; I: the repeat.
stg_pass() {
    local v=$1 store=$2 kind=$3 i=$4 key=stg.$1.$2.$3.$4
    local ofrom e0 e1 h0 h1 t0 t1 rc jar=$JAR target=$WORK/backup-stg-$1-$4
    [ "$v" = c ] && jar=$BASE_JAR
    ours_cmd "$key" "$jar"
    local -a cmd=("${CMD[@]}" sync
        --origin "http://127.0.0.1:$PORT_LOOPBACK/" --domain "$DOMAIN" --concurrency "$CONC" --quiet
        --report-json "$WORK/$key.json")
    [ "$v" = b ] && cmd+=(--keep-passes 0)
    [ "$v" != c ] && cmd+=(--max-revisit 0)
    if [ "$store" = oss ]; then
        target=$(stg_bucket "$v" "$i").oss-$OSS_REGION.aliyuncs.com
        cmd=(env ALIBABA_CLOUD_ACCESS_KEY_ID="$OSS_AK" ALIBABA_CLOUD_ACCESS_KEY_SECRET="$OSS_SECRET"
            "${cmd[@]}" --target "$target" --oss-endpoint "$OSS_ENDPOINT")
    else
        cmd+=(--target "$target")
    fi
    note "staging: #$i $kind pass, $(stg_label "$v"), $store store"
    sync
    ofrom=$(loglines "$OSS_LOG")
    e0=$(proc_cpu "$OSS_PID"); read -r h0 t0 < <(host_jiffies)
    timed "$key" "${cmd[@]}" && rc=0 || rc=$?
    e1=$(proc_cpu "$OSS_PID"); read -r h1 t1 < <(host_jiffies)
    R[$key.exit]=$rc
    R[$key.busy]=$("$PY" -c "print(round(100 * ($h1 - $h0) / max($t1 - $t0, 1)))")
    record_time "$key"
    if [ "$store" = oss ]; then
        R[$key.emucpu]=$("$PY" -c "print(round($e1 - $e0, 1))")
        sleep 0.2   # the emulator logs a request as its answer goes out
        record_stg_oss_log "$key" "$ofrom" "$(stg_bucket "$v" "$i")"
    else
        R[$key.diff]=$(diff_count "$target")
    fi
    if [ -f "$WORK/$key.json" ]; then
        record_report "$key" "$WORK/$key.json"
        cp "$WORK/$key.json" "$OUT/report-$key.json"
    else
        note "no report from $key; output:"; tail -n 20 "$WORK/$key.out" >&2
    fi
}

run_staging() {
    local i v store kind order stores
    start_oss_emulator staging $(for i in $(seq "$STG_REPEAT"); do for v in $STG_VARIANTS; do stg_bucket "$v" "$i"; done; done)
    for i in $(seq "$STG_REPEAT"); do
        # Interleaved: the variants' order rotates and the stores' order alternates per repeat, so drifts in the
        # host's speed hit every variant alike. All variants see the same site in each kind of pass.
        case $((i % 3)) in 1) order="a b c" ;; 2) order="b c a" ;; 0) order="c a b" ;; esac
        if [ $((i % 2)) -eq 1 ]; then stores="local oss"; else stores="oss local"; fi
        for kind in first unchanged change; do
            if [ "$kind" = change ]; then
                "$PY" "$REPO/scripts/bench-site.py" mutate "$SITE" "$CHANGE" "$((300 + i))" "$WORK/changed-staging-$i.txt"
            fi
            for v in $order; do
                for store in $stores; do
                    stg_pass "$v" "$store" "$kind" "$i"
                done
            done
        done
    done
    R[stg.emurss]=$(awk '/^VmHWM:/ { print int($2 / 1024) }' "/proc/$OSS_PID/status")
    stop_oss_emulator
    cp "$WORK/staging-stats.txt" "$OUT/staging-emulator-stats.txt" 2>/dev/null || true
    local f vals
    for v in $STG_VARIANTS; do
        for store in local oss; do
            for kind in first unchanged change; do
                for f in wall cpu rss emucpu ossreq osssite ossstate osscopy ossdelete ossreads ossbucket; do
                    vals=$(for i in $(seq "$STG_REPEAT"); do echo "${R[stg.$v.$store.$kind.$i.$f]:-}"; done)
                    [ -n "$(echo $vals)" ] || continue
                    R[stg.$v.$store.$kind.med.$f]=$(median $vals)
                    R[stg.$v.$store.$kind.med.$f]=${R[stg.$v.$store.$kind.med.$f]%.0}
                done
            done
        done
    done
}

warm_launcher "$JAR"
[ -n "$BASE_JAR" ] && warm_launcher "$BASE_JAR"
for p in $PROFILES; do
    run_profile "$p"
done

# ---------------------------------------------------------------- report
v() { echo "${R[$1]:-n/a}"; }
fnum() { "$PY" -c "import sys; print(format(float(sys.argv[1]), sys.argv[2]))" "$@"; }
calc() { "$PY" -c "print($1)"; }
# ratio KEY BASEKEY: R[KEY] / R[BASEKEY] as "1.23", or n/a when either is missing or the base is 0.
ratio() {
    local a=${R[$1]:-} b=${R[$2]:-}
    [ -n "$a" ] && [ -n "$b" ] && "$PY" -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(format(a / b, '.2f') if b else 'n/a')" "$a" "$b" || echo n/a
}
mb() { [ "$1" = n/a ] && echo n/a || fnum "$(calc "$1 / 1048576")" .1f; }

CEILING=$(calc "round($N * $DELAY_MS / 1000 / $CONC, 2)")
declare -a CHECKS=()
check() {   # check LABEL CONDITION(python expr) DETAIL
    local label=$1 cond=$2 detail=$3 res
    res=$("$PY" -c "print('PASS' if ($cond) else 'FAIL')" 2>/dev/null || echo FAIL)
    CHECKS+=("$(printf '%-4s  %-70s %s' "$res" "$label" "$detail")")
}

say "cdn-secondary-origin benchmark  $(date -u +%Y-%m-%dT%H:%M:%SZ)  commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
say "host: $(nproc) CPUs, load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -n 1), $(wget --version | head -n 1 | cut -d' ' -f1-3), $(nginx -v 2>&1 | cut -d' ' -f3)"
say "columns: wall and CPU (user+sys) seconds and peak RSS from /usr/bin/time; requests: ours from the pass report, wget's from the nginx log;"
say "  200s/304s/MiB down: nginx access log (response bodies); written: files under the backup newer than the run's start; load: 1-min load average before the run"
say "site: $N objects, $(mb "$SITE_BYTES") MiB; 1% change = $CHANGE objects; our concurrency $CONC; launcher: $LAUNCHER; JVM opts: '${BENCH_JAVA_OPTS:-}'"
say "conditional requests, loopback: $CHECK_COND_LOOPBACK"
say "conditional requests, wan:      $CHECK_COND_WAN"
say ""

report_oss() {
    local i k label store run reps
    reps=$(seq "$OSS_REPEAT")
    local fmt='%-26s %7s %6s %7s %5s %9s %6s %6s %6s %6s %7s %6s %6s %7s %4s %5s'
    say "== profile oss (origin: nginx loopback; OSS store: the emulator, a separate JVM at $OSS_ENDPOINT, V4, path-style;"
    say "   local store: a directory; $OSS_REPEAT repeats (#1..) of 4 passes, each into a new bucket and directory, stores alternating first)"
    say "  emulator alone: OssEmulatorBench, $N PUTs per round of the site's files (bodies and MD5s in memory before the clock),"
    say "  aliyun-sdk-oss V4 client, $CONC threads, each round overwrites the same keys (exit $(v oss.emubench.exit)):"
    for i in $(seq "${R[oss.emurounds]:-0}"); do
        say "    round $i: $(v "oss.emu$i.puts_per_s") PUT/s, $(v "oss.emu$i.mib_per_s") MiB/s, $(v "oss.emu$i.seconds") s, latency p50 $(v "oss.emu$i.p50_ms") ms, p99 $(v "oss.emu$i.p99_ms") ms, client CPU $(v "oss.emu$i.client_cpu_s") s"
    done
    if [ -n "${R[oss.emurounds]:-}" ]; then
        say "    emulator CPU for all rounds: $(v oss.emubench.emucpu) s = $(fnum "$(calc "1000 * $(v oss.emubench.emucpu) / (${R[oss.emurounds]} * $N)")" .2f) ms per PUT (GC $(v oss.emubench.emugc) s, JIT $(v oss.emubench.emujit) s); client and emulator share the host's $(nproc) CPUs"
    else
        say "    no round finished: $(grep -m 1 -o 'failed: .*' "$OUT/oss-emulator-alone.txt" | cut -c1-200)"
    fi
    say "  columns: CPU s = the sync's JVM; emu CPU = the emulator's JVM during the pass; busy % = all CPUs of the host during the pass;"
    say "  objects/s = site objects / wall; MiB/s = site file bytes / wall; OSS req/site/state: requests the emulator answered for"
    say "  the repeat's bucket, of them site-object PUTs and state writes (.secondary-origin/)"
    say "$(printf "$fmt" run 'wall s' 'CPU s' 'emu CPU' 'busy%' 'objects/s' 'MiB/s' '200s' '304s' stored 'OSS req' site state 'RSS MiB' exit load)"
    for i in $reps; do
        for k in oss.local.first.$i oss.oss.first.$i oss.local.unchanged.$i oss.oss.unchanged.$i; do
            [ -n "${R[$k.wall]:-}" ] || continue
            case $k in
                oss.local.first.*) label="local first pass" ;; oss.oss.first.*) label="OSS first pass" ;;
                oss.local.unchanged.*) label="local unchanged pass" ;; oss.oss.unchanged.*) label="OSS unchanged pass" ;;
            esac
            local emu=$(v "$k.emucpu") oreq=$(v "$k.ossreq") osite=$(v "$k.osssite") ostate=$(v "$k.ossstate")
            [[ $k == oss.local.* ]] && emu=- && oreq=- && osite=- && ostate=-
            say "$(printf "$fmt" "#$i $label" "$(v "$k.wall")" "$(v "$k.cpu")" "$emu" "$(v "$k.busy")" \
                "$(fnum "$(calc "$N / max(float(${R[$k.wall]}), 0.01)")" .0f)" \
                "$(fnum "$(calc "$SITE_FILE_BYTES / 1048576 / max(float(${R[$k.wall]}), 0.01)")" .1f)" \
                "$(v "$k.ok")" "$(v "$k.n304")" "$(v "$k.stored")" "$oreq" "$osite" "$ostate" \
                "$(v "$k.rss")" "$(v "$k.exit")" "$(v "$k.load")")"
        done
    done
    for k in oss.local.first oss.oss.first oss.local.unchanged oss.oss.unchanged; do
        case $k in
            oss.local.first) label="local first pass" ;; oss.oss.first) label="OSS first pass" ;;
            oss.local.unchanged) label="local unchanged pass" ;; oss.oss.unchanged) label="OSS unchanged pass" ;;
        esac
        local w=${R[$k.med.wall]:-0}
        say "$(printf "$fmt" "median $label" "$w" - - - "$(fnum "$(calc "$N / max($w, 0.01)")" .0f)" \
            "$(fnum "$(calc "$SITE_FILE_BYTES / 1048576 / max($w, 0.01)")" .1f)" - - - - - - - - -)"
    done
    local rf ru per_f="" per_u=""
    rf=$(calc "$(v oss.local.first.med.wall) / max($(v oss.oss.first.med.wall), 0.01)")
    ru=$(calc "$(v oss.local.unchanged.med.wall) / max($(v oss.oss.unchanged.med.wall), 0.01)")
    for i in $reps; do
        per_f+=" $(fnum "$(calc "$(v oss.local.first.$i.wall) / max($(v oss.oss.first.$i.wall), 0.01)")" .2f)"
        per_u+=" $(fnum "$(calc "$(v oss.local.unchanged.$i.wall) / max($(v oss.oss.unchanged.$i.wall), 0.01)")" .2f)"
    done
    say "  OSS/local throughput, medians (objects/s and MiB/s alike: same site): first pass $(fnum "$rf" .2f), unchanged pass $(fnum "$ru" .2f)"
    say "    per repeat: first$per_f; unchanged$per_u"
    say "  emulator ceiling vs the sync: best round alone $(v oss.emubest) PUT/s; median OSS first pass $(fnum "$(calc "$N / max($(v oss.oss.first.med.wall), 0.01)")" .0f) objects/s = $(fnum "$(calc "100 * $N / max($(v oss.oss.first.med.wall), 0.01) / max($(v oss.emubest), 1)")" .0f)% of it"
    say "  where the CPU goes in the first passes ($(nproc) CPUs; CPU seconds; the rest of busy is nginx, the kernel and other work):"
    for i in $reps; do
        for k in oss.local.first.$i oss.oss.first.$i; do
            say "    $(printf '%-18s' "$k") wall $(v "$k.wall") s x $(nproc) = $(fnum "$(calc "$(nproc) * $(v "$k.wall")")" .1f) available, busy $(v "$k.busy")%; sync $(v "$k.cpu")$([[ $k == oss.oss.* ]] && echo "; emulator $(v "$k.emucpu") (GC $(v "$k.emugc"), JIT $(v "$k.emujit"), requests $(fnum "$(calc "$(v "$k.emucpu") - $(v "$k.emugc") - $(v "$k.emujit")")" .1f))")"
        done
    done
    local adj=() adjr
    for i in $reps; do
        adj+=("$(calc "$(v oss.oss.first.$i.wall) - $(v oss.oss.first.$i.emucpu) / $(nproc)")")
    done
    adjr=$(calc "$(v oss.local.first.med.wall) / max($(median "${adj[@]}"), 0.01)")
    say "  estimate, not a target: with the emulator's CPU off this host (as OSS's is), a saturated host's OSS first pass"
    say "    would take about wall - emulator CPU / $(nproc) = median $(median "${adj[@]}") s, OSS/local $(fnum "$adjr" .2f)"
    say "  ours, from the pass reports:"
    for i in $reps; do
        for k in oss.local.first.$i oss.oss.first.$i oss.local.unchanged.$i oss.oss.unchanged.$i; do
            say "    $(printf '%-22s' "$k") fetched $(v "$k.fetched"), notModified $(v "$k.notModified"), stored $(v "$k.stored"), bytesStored $(v "$k.bytesStored"), durationMs $(v "$k.durationMs"), complete $(v "$k.complete")$([[ $k == oss.oss.* ]] && echo "; emulator: $(v "$k.ossreq") requests ($(v "$k.osssite") site PUTs, $(v "$k.ossstate") state writes, $(v "$k.ossreads") reads, $(v "$k.osserrors") errors)")"
        done
    done
    for i in $reps; do
        say "  #$i: OSS verify (exit $(v "oss.verify.$i.exit")): $(v "oss.verify.$i"); $(sed -n "s/^bucket \($(oss_bucket "$i"): .*\)/bucket \1/p" "$WORK/oss-stats.txt" 2>/dev/null) (site: $N files, $SITE_FILE_BYTES bytes); local backup: $(v "oss.local.first.$i.diff") differences (diff -r)"
    done
    say "  emulator JVM: peak RSS $(v oss.emurss) MiB, CPU $(v oss.emucputotal) s over its life"
    say ""

    local all_stored="True" all_unchanged="True" all_exit="True" all_diff="True" all_verify="True" rss_max=0
    for i in $reps; do
        [ "$(v "oss.oss.first.$i.stored")" = "$N" ] && [ "$(v "oss.oss.first.$i.osssite")" = "$N" ] || all_stored=False
        [ "$(v "oss.verify.$i.exit")" = 0 ] || all_verify=False
        [ "$(v "oss.oss.unchanged.$i.ok")" = 0 ] && [ "$(v "oss.oss.unchanged.$i.stored")" = 0 ] &&
            [ "$(v "oss.oss.unchanged.$i.osssite")" = 0 ] || all_unchanged=False
        [ "$(v "oss.local.first.$i.diff")" = 0 ] || all_diff=False
        for k in oss.local.first.$i oss.oss.first.$i oss.local.unchanged.$i oss.oss.unchanged.$i; do
            [ "$(v "$k.exit")" = 0 ] || all_exit=False
        done
        for k in oss.oss.first.$i oss.oss.unchanged.$i; do
            [ "$(v "$k.osserrors")" = 0 ] || all_exit=False
            rss_max=$("$PY" -c "print(max($rss_max, ${R[$k.rss]:-99999}))")
        done
    done
    check "oss: OSS first pass >= 80% of the local store's throughput (median)" "$rf >= 0.8" \
        "($(fnum "$rf" .2f): OSS $(v oss.oss.first.med.wall) s, local $(v oss.local.first.med.wall) s)"
    check "oss: OSS unchanged pass >= 80% of the local store's throughput (median)" "$ru >= 0.8" \
        "($(fnum "$ru" .2f): OSS $(v oss.oss.unchanged.med.wall) s, local $(v oss.local.unchanged.med.wall) s)"
    check "oss: emulator alone sustains the local first-pass rate (not the bottleneck)" \
        "$(v oss.emubest) >= $N / $(v oss.local.first.med.wall)" \
        "(emulator $(v oss.emubest) PUT/s, local first pass $(fnum "$(calc "$N / $(v oss.local.first.med.wall)")" .0f) objects/s)"
    check "oss: every OSS first pass stored all $N objects, verify 100%" "$all_stored and $all_verify" \
        "(stored: $all_stored, verify: $all_verify)"
    check "oss: OSS unchanged passes download no body and PUT no site object" "$all_unchanged" \
        "($all_unchanged)"
    check "oss: local backups byte-identical to the site" "$all_diff" "($all_diff)"
    check "oss: every pass complete (exit 0), no emulator errors" "$all_exit" "($all_exit)"
    check "oss: peak RSS < 512 MiB on every OSS pass" "$rss_max < 512" "(max $rss_max MiB)"
}

report_staging() {
    local i v store kind k label reps
    reps=$(seq "$STG_REPEAT")
    say "== profile staging (issue 8: what held-back changes cost; origin: nginx loopback; OSS store: the emulator, a separate"
    say "   JVM at $OSS_ENDPOINT; $STG_REPEAT repeats of 3 kinds of pass x 3 variants x 2 stores, each variant into its own directory"
    say "   and bucket, variants' order rotating and stores' order alternating per repeat; 1% = $CHANGE objects changed before the"
    say "   change passes of each repeat)"
    say "  variants: a = $(stg_label a) (jar of this commit), b = $(stg_label b), c = $(stg_label c) (no staging)"
    say "  columns: wall, CPU (user+sys of the sync's JVM) and RSS from /usr/bin/time; emu CPU = the emulator's JVM during the pass;"
    say "  busy % = all CPUs of the host; OSS req = requests the emulator answered for the bucket, of them PUTs of site objects and"
    say "  of state objects (.secondary-origin/), server-side copies, DELETEs, object GET/HEADs and bucket-level requests (listings)"
    local fmt='%-32s %7s %6s %7s %7s %5s %6s %7s %5s %5s %5s %5s %5s %5s %4s %5s'
    say "$(printf "$fmt" run 'wall s' 'CPU s' 'RSS MiB' 'emu CPU' 'busy%' stored 'OSS req' PUT state copy DEL read list exit load)"
    for i in $reps; do
        for kind in first unchanged change; do
            for store in local oss; do
                for v in $STG_VARIANTS; do
                    k=stg.$v.$store.$kind.$i
                    [ -n "${R[$k.wall]:-}" ] || continue
                    if [ "$store" = oss ]; then
                        say "$(printf "$fmt" "#$i $kind $store $v" "$(v "$k.wall")" "$(v "$k.cpu")" "$(v "$k.rss")" \
                            "$(v "$k.emucpu")" "$(v "$k.busy")" "$(v "$k.stored")" "$(v "$k.ossreq")" "$(v "$k.osssite")" \
                            "$(v "$k.ossstate")" "$(v "$k.osscopy")" "$(v "$k.ossdelete")" "$(v "$k.ossreads")" \
                            "$(v "$k.ossbucket")" "$(v "$k.exit")" "$(v "$k.load")")"
                    else
                        say "$(printf "$fmt" "#$i $kind $store $v" "$(v "$k.wall")" "$(v "$k.cpu")" "$(v "$k.rss")" \
                            - "$(v "$k.busy")" "$(v "$k.stored")" - - - - - - - "$(v "$k.exit")" "$(v "$k.load")")"
                    fi
                done
            done
        done
    done
    say ""
    say "  medians of $STG_REPEAT repeats; x = ratio to the baseline (c) in the same run"
    local mfmt='%-6s %-10s %-28s %7s %6s %7s %7s %7s %8s %6s %6s %7s %6s'
    say "$(printf "$mfmt" store pass variant 'wall s' 'CPU s' 'RSS MiB' 'emu CPU' 'OSS req' 'wall x' 'CPU x' 'RSS x' 'emu x' 'req x')"
    local base w c r e q
    for store in local oss; do
        for kind in first unchanged change; do
            base=stg.c.$store.$kind.med
            for v in $STG_VARIANTS; do
                k=stg.$v.$store.$kind.med
                case $kind in first) label="first" ;; unchanged) label="unchanged" ;; change) label="1% change" ;; esac
                if [ "$v" = c ]; then
                    w=-; c=-; r=-; e=-; q=-
                else
                    w=$(ratio "$k.wall" "$base.wall"); c=$(ratio "$k.cpu" "$base.cpu"); r=$(ratio "$k.rss" "$base.rss")
                    e=$(ratio "$k.emucpu" "$base.emucpu"); q=$(ratio "$k.ossreq" "$base.ossreq")
                fi
                if [ "$store" = local ]; then
                    say "$(printf "$mfmt" "$store" "$label" "$v: $(stg_label "$v")" "$(v "$k.wall")" "$(v "$k.cpu")" \
                        "$(v "$k.rss")" - - "$w" "$c" "$r" - -)"
                else
                    say "$(printf "$mfmt" "$store" "$label" "$v: $(stg_label "$v")" "$(v "$k.wall")" "$(v "$k.cpu")" \
                        "$(v "$k.rss")" "$(v "$k.emucpu")" "$(v "$k.ossreq")" "$w" "$c" "$r" "$e" "$q")"
                fi
            done
        done
    done
    say "  OSS requests of a 1% change pass (median; PUT site / PUT state / copy / DELETE / read / list):"
    for v in $STG_VARIANTS; do
        k=stg.$v.oss.change.med
        say "    $v: $(v "$k.ossreq") = $(v "$k.osssite") / $(v "$k.ossstate") / $(v "$k.osscopy") / $(v "$k.ossdelete") / $(v "$k.ossreads") / $(v "$k.ossbucket")   ($(stg_label "$v"))"
    done
    say "  emulator JVM: peak RSS $(v stg.emurss) MiB"
    say ""

    local all_exit=True all_change=True all_unchanged=True all_diff=True all_errors=True
    for i in $reps; do
        for v in $STG_VARIANTS; do
            for store in local oss; do
                for kind in first unchanged change; do
                    k=stg.$v.$store.$kind.$i
                    [ "$(v "$k.exit")" = 0 ] || all_exit=False
                    [ "$store" = oss ] && { [ "$(v "$k.osserrors")" = 0 ] || all_errors=False; }
                done
                [ "$(v "stg.$v.$store.change.$i.stored")" = "$CHANGE" ] || all_change=False
                [ "$(v "stg.$v.$store.unchanged.$i.stored")" = 0 ] || all_unchanged=False
            done
            [ "$(v "stg.$v.local.change.$i.diff")" = 0 ] || all_diff=False
        done
    done
    check "staging: every pass complete (exit 0) in every variant" "$all_exit" "($all_exit)"
    check "staging: every 1% pass stores exactly the $CHANGE changed objects" "$all_change" "($all_change)"
    check "staging: every unchanged pass stores nothing" "$all_unchanged" "($all_unchanged)"
    check "staging: local backups byte-identical to the site after the 1% pass" "$all_diff" "($all_diff)"
    check "staging: no emulator errors" "$all_errors" "($all_errors)"
}

for p in $PROFILES; do
    if [ "$p" = oss ]; then
        report_oss
        continue
    fi
    if [ "$p" = staging ]; then
        report_staging
        continue
    fi
    say "== profile $p$([ "$p" = wan ] && echo " (+${DELAY_MS} ms per response; ceiling = $N x ${DELAY_MS} ms / $CONC = ${CEILING} s)")"
    say "$(printf '%-22s %7s %6s %9s %8s %6s %6s %6s %9s %7s %7s %4s %5s' run 'wall s' 'CPU s' 'objects/s' requests '200s' '304s' stored 'MiB down' written 'RSS MiB' exit load)"
    for run in first unchanged change wget wgetrerun; do
        k=$p.$run
        [ -n "${R[$k.wall]:-}" ] || continue
        case $run in
            first) label="ours first pass" ;; unchanged) label="ours unchanged pass" ;;
            change) label="ours after 1% change" ;; wget) label="wget --mirror first" ;;
            wgetrerun) label="wget re-run after 1%" ;;
        esac
        stored=$(v "$k.stored"); written=$(v "$k.written")
        [[ $run == wget* ]] && stored=- && written=-
        say "$(printf '%-22s %7s %6s %9s %8s %6s %6s %6s %9s %7s %7s %4s %5s' "$label" "$(v "$k.wall")" \
            "$(v "$k.cpu")" "$(fnum "$(calc "$N / max(float(${R[$k.wall]}), 0.01)")" .0f)" "$(v "$k.requests")" \
            "$(v "$k.ok")" "$(v "$k.n304")" "$stored" "$(mb "$(v "$k.bytes")")" "$written" \
            "$(v "$k.rss")" "$(v "$k.exit")" "$(v "$k.load")")"
    done
    say "  ours, from the pass reports (fetched/notModified/stored/unchanged, bytesFetched, durationMs; origin log requests):"
    for run in first unchanged change; do
        k=$p.$run
        say "    $(printf '%-10s' "$run") fetched $(v "$k.fetched"), notModified $(v "$k.notModified"), stored $(v "$k.stored"), unchanged $(v "$k.unchanged"), bytesFetched $(v "$k.bytesFetched"), bytesStored $(v "$k.bytesStored"), durationMs $(v "$k.durationMs"), complete $(v "$k.complete"); nginx saw $(v "$k.logreq") requests"
    done
    w=$(v "$p.wget.wall"); f=$(v "$p.first.wall"); u=$(v "$p.unchanged.wall"); c=$(v "$p.change.wall")
    say "  wget first pass mirrored $(v "$p.wget.files") files (exit $(v "$p.wget.exit")); ours/wget wall time: first $(fnum "$(calc "$f / $w")" .3f) (wget/ours = $(fnum "$(calc "$w / $f")" .1f)x), ours/wget bytes $(fnum "$(calc "$(v "$p.first.bytes") / max($(v "$p.wget.bytes"), 1)")" .3f), ours/wget peak RSS $(fnum "$(calc "$(v "$p.first.rss") / max($(v "$p.wget.rss"), 1)")" .1f)"
    say "  ours first/unchanged wall: $(fnum "$(calc "$f / $u")" .1f)x; first/1%-change: $(fnum "$(calc "$f / $c")" .1f)x"
    if [ -n "${R[$p.wgetrerun.wall]:-}" ]; then
        say "  wget re-run after changing $CHANGE files: re-downloaded $(v "$p.wgetrerun.changedRefetched") of them ($(v "$p.wgetrerun.okUnchanged") unchanged bodies too), $(v "$p.wgetrerun.requests") requests, $(v "$p.wgetrerun.wall") s; its mirror still holds $(v "$p.wgetrerun.stale") stale copies of the $CHANGE changed files; ours re-run: $(v "$p.change.wall") s, $(v "$p.change.stored") stored"
    fi
    if [ "$p" = wan ]; then
        say "  ceiling ${CEILING} s: ours first = $(fnum "$(calc "$f / $CEILING")" .2f)x ceiling, unchanged = $(fnum "$(calc "$u / $CEILING")" .2f)x, 1% change = $(fnum "$(calc "$c / $CEILING")" .2f)x"
    fi
    say "  backup byte-identical to the site (diff -r, excluding .secondary-origin): after first pass $(v "$p.first.diff") differences, after 1% pass $(v "$p.change.diff") differences"
    say ""

    # Targets.
    if [ "$p" = wan ]; then
        check "wan: first pass >= 8x faster than wget --mirror" "$w / $f >= 8" "($(fnum "$(calc "$w / $f")" .1f)x)"
        check "wan: first pass within 1.5x of ceiling ($CEILING s)" "$f <= 1.5 * $CEILING" "($f s = $(fnum "$(calc "$f / $CEILING")" .2f)x)"
        check "wan: unchanged pass within 1.5x of ceiling" "$u <= 1.5 * $CEILING" "($u s = $(fnum "$(calc "$u / $CEILING")" .2f)x)"
    else
        check "loopback: first pass no slower than wget --mirror" "$f <= $w" "(ours $f s, wget $w s)"
        check "loopback: unchanged pass >= 3x faster than our first pass" "$f / $u >= 3" "($(fnum "$(calc "$f / $u")" .1f)x)"
    fi
    check "$p: unchanged pass downloads no body and writes no object" \
        "$(v "$p.unchanged.ok") == 0 and $(v "$p.unchanged.fetched") == 0 and $(v "$p.unchanged.stored") == 0 and $(v "$p.unchanged.written") == 0" \
        "(200s $(v "$p.unchanged.ok"), fetched $(v "$p.unchanged.fetched"), stored $(v "$p.unchanged.stored"), files written $(v "$p.unchanged.written"))"
    check "$p: 1% pass stores exactly the $CHANGE changed objects" \
        "$(v "$p.change.stored") == $CHANGE and $(v "$p.change.changedRefetched") == $CHANGE and $(v "$p.change.okUnchanged") == 0 and '$(v "$p.change.exactWrites")' == 'yes'" \
        "(stored $(v "$p.change.stored"), changed bodies fetched $(v "$p.change.changedRefetched"), unchanged bodies fetched $(v "$p.change.okUnchanged"), files written = changed set: $(v "$p.change.exactWrites"))"
    check "$p: backup byte-identical to the site after first and 1% passes" \
        "$(v "$p.first.diff") == 0 and $(v "$p.change.diff") == 0" "(differences: $(v "$p.first.diff"), $(v "$p.change.diff"))"
    check "$p: every pass complete (exit 0)" \
        "$(v "$p.first.exit") == 0 and $(v "$p.unchanged.exit") == 0 and $(v "$p.change.exit") == 0" \
        "(exits $(v "$p.first.exit") $(v "$p.unchanged.exit") $(v "$p.change.exit"))"
    check "$p: peak RSS < 512 MiB on every pass" \
        "max($(v "$p.first.rss"), $(v "$p.unchanged.rss"), $(v "$p.change.rss")) < 512" \
        "(first $(v "$p.first.rss"), unchanged $(v "$p.unchanged.rss"), 1% $(v "$p.change.rss") MiB)"
done

say "== targets"
fails=0
for c in "${CHECKS[@]}"; do
    say "$c"
    [[ $c == FAIL* ]] && fails=$((fails + 1))
done
say ""
say "$fails of ${#CHECKS[@]} targets failed. Results: ${RESULTS#$REPO/}; pass reports: ${OUT#$REPO/}/report-*.json"
[ "$fails" -eq 0 ]
