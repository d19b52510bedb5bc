#!/usr/bin/env bash
# Deploys the function with Serverless Devs after checking every variable s.yaml reads.
#
#   scripts/deploy.sh [--env-file FILE] [--check] [-a ACCESS_ALIAS] [-- extra `s deploy` args]
#
# Variables (environment, or KEY=VALUE lines in --env-file, default ./deploy.env when present):
#   REGION            required  FC region, e.g. cn-hangzhou (best: the bucket's region)
#   DOMAIN            required  CDN domain, e.g. www.example.com
#   ORIGIN            required  primary origin, e.g. https://203.0.113.10
#   SECONDARY_ORIGIN  required  bucket endpoint, e.g. my-backup.oss-cn-hangzhou.aliyuncs.com
#   SCHEDULE          '@every 60m'  or e.g. 'CRON_TZ=Asia/Shanghai 0 0 3 * * 1' (Mondays 03:00)
#   RESOURCE_TYPES    all
#   TASK_NAME         the domain
#   FUNCTION_NAME     cdn-secondary-origin
#   OSS_ENDPOINT      the bucket region's internal endpoint when it is REGION, else its public one
#   HTTP_AUTH_TYPE    function (FC checks signatures) | anonymous (needs HTTP_TOKEN)
#   HTTP_TOKEN        bearer token for the HTTP API
# --check only checks and prints the values; nothing is built or deployed.
set -euo pipefail
cd "$(dirname "$0")/.."

env_file=""
check_only=false
access=""
extra=()
while (($#)); do
  case "$1" in
    --env-file) env_file="${2:?--env-file needs a file}"; shift 2 ;;
    --check) check_only=true; shift ;;
    -a|--access) access="${2:?$1 needs an access alias}"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "deploy.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z "$env_file" && -f deploy.env ]]; then
  env_file=deploy.env
fi
if [[ -n "$env_file" ]]; then
  [[ -r "$env_file" ]] || { echo "deploy.sh: env file $env_file not found" >&2; exit 2; }
  # KEY=VALUE lines only; values are taken literally (no shell evaluation). The environment wins.
  while IFS= read -r line || [[ -n "$line" ]]; do
    [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
    if [[ "$line" =~ ^[[:space:]]*([A-Z_][A-Z0-9_]*)=(.*)$ ]]; then
      key="${BASH_REMATCH[1]}"; value="${BASH_REMATCH[2]}"
      value="${value%\"}"; value="${value#\"}"; value="${value%\'}"; value="${value#\'}"
      if [[ -z "${!key:-}" ]]; then export "$key=$value"; fi
    else
      echo "deploy.sh: $env_file: not a KEY=VALUE line: $line" >&2; exit 2
    fi
  done <"$env_file"
fi

problems=()
need() { [[ -n "${!1:-}" ]] || problems+=("$1 is not set: $2"); }
need REGION "the Function Compute region, e.g. cn-hangzhou"
need DOMAIN "the CDN domain to back up, e.g. www.example.com"
need ORIGIN "the primary origin, e.g. https://203.0.113.10"
need SECONDARY_ORIGIN "the bucket endpoint, e.g. my-backup.oss-cn-hangzhou.aliyuncs.com"

export FUNCTION_NAME="${FUNCTION_NAME:-cdn-secondary-origin}"
export RESOURCE_TYPES="${RESOURCE_TYPES:-all}"
export TASK_NAME="${TASK_NAME:-${DOMAIN:-}}"
export SCHEDULE="${SCHEDULE:-@every 60m}"
export HTTP_AUTH_TYPE="${HTTP_AUTH_TYPE:-function}"

if [[ -n "${REGION:-}" && ! "$REGION" =~ ^[a-z]{2}-[a-z0-9-]+$ ]]; then
  problems+=("REGION must look like cn-hangzhou, got \"$REGION\"")
fi
if [[ -n "${DOMAIN:-}" && ! "$DOMAIN" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]]; then
  problems+=("DOMAIN must be a host name such as www.example.com (no scheme, no path), got \"$DOMAIN\"")
fi
origin_re='^(https?://)?[][A-Za-z0-9.:-]+/?$'
if [[ -n "${ORIGIN:-}" && ! "$ORIGIN" =~ $origin_re ]]; then
  problems+=("ORIGIN must be an http(s) URL, host name or IP of the site's root, got \"$ORIGIN\"")
fi
bucket_region=""
if [[ -n "${SECONDARY_ORIGIN:-}" ]]; then
  if [[ "$SECONDARY_ORIGIN" =~ ^([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\.oss-([a-z0-9-]+)(-internal)?\.aliyuncs\.com(/.*)?$ ]]; then
    bucket_region="${BASH_REMATCH[2]}"
  elif [[ ! "$SECONDARY_ORIGIN" =~ ^oss://[a-z0-9][a-z0-9-]{1,61}[a-z0-9](/.*)?$ ]]; then
    problems+=("SECONDARY_ORIGIN must be a bucket endpoint like my-backup.oss-cn-hangzhou.aliyuncs.com[/prefix] or oss://my-backup[/prefix], got \"$SECONDARY_ORIGIN\"")
  fi
fi
if [[ -z "${OSS_ENDPOINT:-}" ]]; then
  if [[ -n "$bucket_region" && "$bucket_region" == "${REGION:-}" ]]; then
    OSS_ENDPOINT="oss-$bucket_region-internal.aliyuncs.com"   # same region: free internal traffic
  elif [[ -n "$bucket_region" ]]; then
    OSS_ENDPOINT="oss-$bucket_region.aliyuncs.com"
    echo "deploy.sh: note: the bucket is in $bucket_region, the function in ${REGION:-?}: its OSS traffic goes over the internet (billed as FC outbound traffic)" >&2
  else
    OSS_ENDPOINT="oss-${REGION:-cn-hangzhou}-internal.aliyuncs.com"
  fi
fi
export OSS_ENDPOINT
if [[ ! "$SCHEDULE" =~ ^@every\ [0-9]+[mh]$ && ! "$SCHEDULE" =~ ^(CRON_TZ=[A-Za-z_/+-]+\ )?[^\ ]+(\ [^\ ]+){5}$ ]]; then
  problems+=("SCHEDULE must be an interval like '@every 60m' or a 6-field cron like 'CRON_TZ=Asia/Shanghai 0 0 3 * * 1', got \"$SCHEDULE\"")
fi
case "$HTTP_AUTH_TYPE" in
  function) ;;
  anonymous)
    if [[ -z "${HTTP_TOKEN:-}" ]]; then
      problems+=("HTTP_AUTH_TYPE=anonymous lets anyone call the HTTP API: set HTTP_TOKEN to a long random string (e.g. \$(openssl rand -hex 32)), or use HTTP_AUTH_TYPE=function")
    elif ! grep -Eq '^[[:space:]]+HTTP_TOKEN:' s.yaml; then
      problems+=("HTTP_TOKEN must reach the function: in s.yaml under environmentVariables, replace the line \"# HTTP_TOKEN: ''\" with \"HTTP_TOKEN: \${env('HTTP_TOKEN')}\"")
    fi
    ;;
  *) problems+=("HTTP_AUTH_TYPE must be function or anonymous, got \"$HTTP_AUTH_TYPE\"") ;;
esac

if ((${#problems[@]})); then
  echo "deploy.sh: cannot deploy yet:" >&2
  for p in "${problems[@]}"; do echo "  - $p" >&2; done
  echo "Set them in the environment or in deploy.env (KEY=VALUE lines), then run scripts/deploy.sh again." >&2
  exit 1
fi

echo "Deploying function $FUNCTION_NAME in $REGION"
for v in DOMAIN ORIGIN SECONDARY_ORIGIN OSS_ENDPOINT TASK_NAME RESOURCE_TYPES SCHEDULE HTTP_AUTH_TYPE; do
  printf '  %-17s %s\n' "$v" "${!v}"
done
printf '  %-17s %s\n' HTTP_TOKEN "$([[ -n "${HTTP_TOKEN:-}" ]] && echo '(set, not shown)' || echo '(none)')"
if $check_only; then
  echo "Check passed; nothing deployed (--check)."
  exit 0
fi

if ! command -v s >/dev/null 2>&1; then
  echo "deploy.sh: Serverless Devs (s) is not installed: npm install -g @serverless-devs/s, then s config add" >&2
  exit 1
fi
args=(deploy -y -t s.yaml)
[[ -n "$access" ]] && args+=(-a "$access")
s "${args[@]}" "${extra[@]}"
echo
echo "Deployed. Try it: scripts/invoke.sh status   (or: scripts/invoke.sh sync)"
