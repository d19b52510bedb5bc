#!/usr/bin/env bash
# Speed and memory benchmark of the sync engine against wget --mirror (issue 2, "Speed and memory").
#
# Generates a BENCH_OBJECTS-object site (default 10 000), serves it with nginx on loopback in two
# profiles -- "loopback" (plain static serving) and "wan" (every response delayed 20 ms with the echo
# module) -- and measures, per profile: our first pass, our unchanged second pass, our pass after
# changing 1 % of the files, wget --mirror's first pass and wget's re-run after the change. Prints a
# table and PASS/FAIL per target; writes the same to target/bench/results.txt.
#
# Environment:
#   BENCH_OBJECTS=N          site size (default 10000; >= 100)
#   BENCH_CONCURRENCY=N      our --concurrency (default 16, the engine's default)
#   BENCH_PROFILES="..."     profiles to run (default "loopback wan")
#   BENCH_WGET_RERUN=0       skip wget's re-runs (each costs a full sequential crawl; ~objects x 20 ms on wan)
#   BENCH_JAVA_OPTS="..."    extra JVM options for our runs (default none: measured as users run it)
#   BENCH_KEEP=1             keep the temp dir (site, backups, logs) for inspection
# Nothing leaves 127.0.0.1; every process started here is stopped on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$PWD
N=${BENCH_OBJECTS:-10000}
CONC=${BENCH_CONCURRENCY:-16}
PROFILES=${BENCH_PROFILES:-loopback wan}
WGET_RERUN=${BENCH_WGET_RERUN:-1}
DELAY_MS=20
DELAY_S=$(printf '0.%03d' "$DELAY_MS")
DOMAIN=www.example.com
CHANGE=$(( N / 100 > 0 ? N / 100 : 1 ))
JAR=$REPO/target/cdn-secondary-origin.jar
OUT=$REPO/target/bench
RESULTS=$OUT/results.txt
ECHO_MODULE=/usr/lib/nginx/modules/ngx_http_echo_module.so

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
trap cleanup EXIT
trap 'exit 130' INT TERM

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

ours() {
    local profile=$1 run=$2 port=$3 target=$4 log=$5 changed=${6:-} key=$1.$2 from rc
    from=$(loglines "$log")
    touch "$WORK/mark-$key"; sleep 0.01
    note "$profile: ours $run"
    timed "$key" java ${BENCH_JAVA_OPTS:-} -Djava.io.tmpdir="$WORK/jtmp" -jar "$JAR" sync \
        --origin "http://127.0.0.1:$port/" --domain "$DOMAIN" --target "$target" \
        --concurrency "$CONC" --quiet --report-json "$WORK/$key.json" && rc=0 || rc=$?
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

for p in $PROFILES; do
    run_profile "$p"
done

# ---------------------------------------------------------------- report
v() { echo "${R[$1]:-n/a}"; }
fnum() { "$PY" -c "import sys; print(format(float(sys.argv[1]), sys.argv[2]))" "$@"; }
calc() { "$PY" -c "print($1)"; }
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
say "site: $N objects, $(mb "$SITE_BYTES") MiB; 1% change = $CHANGE objects; our concurrency $CONC; JVM opts: '${BENCH_JAVA_OPTS:-}'"
say "conditional requests, loopback: $CHECK_COND_LOOPBACK"
say "conditional requests, wan:      $CHECK_COND_WAN"
say ""
for p in $PROFILES; do
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
