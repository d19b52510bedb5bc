#!/usr/bin/env bash
# The whole product on one machine, with only a JDK and Maven:
#   1. builds the jar,
#   2. serves the bundled sample site (examples/site) as the primary origin on a loopback port,
#   3. syncs it into ./backup (sending Host: www.example.com, as a CDN does),
#   4. changes one page and syncs again asking every URL: only that page is stored,
#   5. stops the origin and serves ./backup as the secondary origin: the site still answers.
# Every process it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
JAR=target/cdn-secondary-origin.jar
BACKUP=${BACKUP:-$ROOT/backup}
PIDS=()
WORK=$(mktemp -d)
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "$p"; return; fi
  done
  echo "no free port found" >&2; exit 1
}

wait_up() {
  for _ in $(seq 1 100); do
    if (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "server on port $1 did not start" >&2; exit 1
}

# GET url → prints "status content-type bytes"; uses the JDK only, so curl is not required.
http_get() {
  if [ ! -f "$WORK/fetch/Fetch.class" ]; then
    javac -d "$WORK/fetch" scripts/demo/Fetch.java
  fi
  java -cp "$WORK/fetch" Fetch "$@"
}

say "Building $JAR"
if [ ! -f "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]; then
  mvn -q -B -ntp package -DskipTests
fi

say "Starting the primary origin: examples/site on a loopback port"
cp -r examples/site "$WORK/origin"
ORIGIN_PORT=$(free_port)
java -jar "$JAR" serve --target "$WORK/origin" --port "$ORIGIN_PORT" 2>"$WORK/origin.log" &
PIDS+=($!); ORIGIN_PID=$!
wait_up "$ORIGIN_PORT"
echo "primary origin: http://127.0.0.1:$ORIGIN_PORT/"

rm -rf "$BACKUP"
say "Pass 1: full copy into $BACKUP"
java -jar "$JAR" sync --origin "http://127.0.0.1:$ORIGIN_PORT/" --domain www.example.com \
  --target "$BACKUP" --report-json "$WORK/report1.json"

say "Pass 2: nothing changed, so nothing is downloaded or stored (and only the due URLs are asked)"
java -jar "$JAR" sync --origin "http://127.0.0.1:$ORIGIN_PORT/" --domain www.example.com --target "$BACKUP"

say "Changing one page on the origin, then pass 3 asking every URL: only that page is stored"
# A page is asked again only when due (--min-revisit, 1 h after its last check at first); the demo does not wait
# an hour: --max-revisit 0 asks every known URL, conditionally (--full would download everything again).
sleep 1   # a new mtime second, so the origin's validators change
sed -i 's#<h1>Blog</h1>#<h1>Blog</h1><p>Updated by the demo.</p>#' "$WORK/origin/blog/index.html"
java -jar "$JAR" sync --origin "http://127.0.0.1:$ORIGIN_PORT/" --domain www.example.com --target "$BACKUP" --max-revisit 0

say "Status of the backup"
java -jar "$JAR" status --target "$BACKUP"

say "The primary origin goes down"
kill "$ORIGIN_PID"; wait "$ORIGIN_PID" 2>/dev/null || true
http_get "http://127.0.0.1:$ORIGIN_PORT/" || true

say "Failover: the secondary origin serves the site from $BACKUP"
BACKUP_PORT=$(free_port)
java -jar "$JAR" serve --target "$BACKUP" --port "$BACKUP_PORT" 2>"$WORK/backup.log" &
PIDS+=($!)
wait_up "$BACKUP_PORT"
for path in / /about/ /blog/ /blog/2026/hello-world/ /css/site.css /img/logo.png /unlinked-landing.html \
            /.secondary-origin/www.example.com/manifest.jsonl.gz; do
  http_get "http://127.0.0.1:$BACKUP_PORT$path"
done
if http_get --body "http://127.0.0.1:$BACKUP_PORT/blog/" | grep -q "Updated by the demo"; then
  echo "The backup serves the page changed in pass 3."
else
  echo "error: the backup does not serve the updated page" >&2; exit 1
fi

say "Done. The backup is in $BACKUP; serve it again with:"
echo "  java -jar $JAR serve --target $BACKUP --port 8081"
