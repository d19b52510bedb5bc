#!/usr/bin/env bash
# Sends an example event to the deployed function (s invoke), or runs it locally with --local.
#
#   scripts/invoke.sh EVENT [--local [--env-file FILE]]
#
# EVENT is one of:
#   timer        what the timer trigger sends: one sync pass (scripts/events/timer.json)
#   sync         direct invoke {"action":"sync"}: run or resume a pass, return its report
#   full         direct invoke {"action":"sync","full":true}: download everything again
#   status       direct invoke {"action":"status"}: last report, lease holder, manifest stats
#   verify       direct invoke {"action":"verify"}: check the backup against the manifest
#   http-status  an HTTP trigger request GET /status (FC 3.0 event format)
#   http-sync    an HTTP trigger request POST /sync
#   FILE.json    any event file
# --local runs the handler in this machine's JVM with a local context (java -jar ... invoke):
# SECONDARY_ORIGIN may then be a directory, and OSS_ENDPOINT an http://host:port endpoint.
set -euo pipefail
cd "$(dirname "$0")/.."

event="${1:-}"
[[ -n "$event" ]] || { sed -n '2,19p' "$0"; exit 2; }
shift
local_run=false
env_file=""
while (($#)); do
  case "$1" in
    --local) local_run=true; shift ;;
    --env-file) env_file="${2:?--env-file needs a file}"; shift 2 ;;
    *) echo "invoke.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

case "$event" in
  timer) file=scripts/events/timer.json ;;
  sync) file=scripts/events/sync.json ;;
  full) file=scripts/events/full.json ;;
  status) file=scripts/events/status.json ;;
  verify) file=scripts/events/verify.json ;;
  http-status) file=scripts/events/http-get-status.json ;;
  http-sync) file=scripts/events/http-post-sync.json ;;
  *.json) file="$event" ;;
  *) echo "invoke.sh: unknown event \"$event\" (see scripts/invoke.sh without arguments)" >&2; exit 2 ;;
esac
[[ -f "$file" ]] || { echo "invoke.sh: event file $file not found" >&2; exit 2; }

if $local_run; then
  jar=target/cdn-secondary-origin.jar
  [[ -f "$jar" ]] || bash scripts/build.sh
  args=(invoke --event "$file")
  if [[ -n "$env_file" ]]; then args+=(--env-file "$env_file"); elif [[ -f .env ]]; then args+=(--env-file .env); elif [[ -f deploy.env ]]; then args+=(--env-file deploy.env); fi
  exec java -jar "$jar" "${args[@]}"
fi

command -v s >/dev/null 2>&1 || { echo "invoke.sh: Serverless Devs (s) is not installed: npm install -g @serverless-devs/s" >&2; exit 1; }
# A sync may take up to the function's timeout; s waits for the synchronous result.
exec s invoke -t s.yaml --event-file "$file"
