#!/usr/bin/env bash
# Deploys the function with Serverless Devs after checking every setting s.yaml reads and every
# prerequisite that can be checked offline.
#
#   scripts/deploy.sh [--env-file FILE] [--dry-run] [-a ACCESS_ALIAS] [-- extra `s deploy` args]
#
# Settings (environment, or KEY=VALUE lines in --env-file; default ./deploy.env, else the .env an
# earlier run wrote; the environment wins):
#   REGION            required  FC region, e.g. cn-hangzhou (best: the bucket's region)
#   DOMAIN            required  CDN domain, e.g. www.example.com
#   ORIGIN            required  primary origin, e.g. https://203.0.113.10
#   SECONDARY_ORIGIN  required  bucket endpoint, e.g. my-backup.oss-cn-hangzhou.aliyuncs.com
#   SCHEDULE          '@every 60m', 'CRON_TZ=Asia/Shanghai 0 0 3 * * MON,THU', '0 0 19 * * *' (UTC)
#   RESOURCE_TYPES    all
#   TASK_NAME         the domain
#   FUNCTION_NAME     cdn-secondary-origin
#   OSS_ENDPOINT      the bucket region's internal endpoint when it is REGION, else its public one
#   HTTP_AUTH_TYPE    function (FC checks signatures) | anonymous (needs HTTP_TOKEN)
#   HTTP_TOKEN        bearer token for the HTTP API
# The checked values are written to .env beside s.yaml (mode 600: it may hold HTTP_TOKEN), which `s`
# reads by itself, so `s invoke`, `s logs` and scripts/invoke.sh work later in any shell.
# --dry-run makes the same checks and writes .env, prints what would be deployed, and calls nothing in
# the cloud (`--check` is the old name). Exit 0 ok, 1 something to fix, 2 bad arguments.
set -euo pipefail
cd "$(dirname "$0")/.."

env_file=""
dry_run=false
access=""
extra=()
while (($#)); do
  case "$1" in
    --env-file) env_file="${2:?--env-file needs a file}"; shift 2 ;;
    --dry-run|--check) dry_run=true; shift ;;
    -a|--access) access="${2:?$1 needs an access alias}"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "deploy.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z "$env_file" && -f deploy.env ]]; then
  env_file=deploy.env
elif [[ -z "$env_file" && -f .env ]]; then
  env_file=.env
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
# The schedule is checked by the same class the function uses (dev.secondaryorigin.fc.TimerSchedule).
classpath=""
# The compiled classes first: they are never older than the jar (a jar left from an older build would judge
# the schedule by old rules).
if [[ -f target/classes/dev/secondaryorigin/fc/TimerSchedule.class ]]; then
  classpath=target/classes
elif [[ -f target/cdn-secondary-origin.jar ]]; then
  classpath=target/cdn-secondary-origin.jar
elif command -v mvn >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then
  echo "deploy.sh: building the jar first (scripts/build.sh); it also checks the schedule" >&2
  bash scripts/build.sh >&2 && classpath=target/cdn-secondary-origin.jar
fi
if [[ -z "$classpath" ]]; then
  problems+=("target/cdn-secondary-origin.jar is not built and cannot be: install a JDK 11+ and Maven (apt-get install maven), then run scripts/build.sh")
elif ! command -v java >/dev/null 2>&1; then
  problems+=("java is not installed: install a JDK 11 or newer")
elif ! why=$(java -cp "$classpath" dev.secondaryorigin.fc.TimerSchedule "$SCHEDULE" 2>&1); then
  problems+=("$why")
fi
case "$HTTP_AUTH_TYPE" in
  function) ;;
  anonymous)
    if [[ -z "${HTTP_TOKEN:-}" ]]; then
      problems+=("HTTP_AUTH_TYPE=anonymous lets anyone call the HTTP API: set HTTP_TOKEN to a long random string (e.g. \$(openssl rand -hex 32)), or use HTTP_AUTH_TYPE=function")
    fi
    ;;
  *) problems+=("HTTP_AUTH_TYPE must be function or anonymous, got \"$HTTP_AUTH_TYPE\"") ;;
esac

# Values go to .env in double quotes; Serverless Devs' dotenv would expand $ and unescape \ in them.
for v in REGION DOMAIN ORIGIN SECONDARY_ORIGIN SCHEDULE RESOURCE_TYPES TASK_NAME FUNCTION_NAME OSS_ENDPOINT \
         HTTP_AUTH_TYPE HTTP_TOKEN; do
  if [[ "${!v:-}" == *[\"\$\\\`]* || "${!v:-}" == *$'\n'* ]]; then
    problems+=("$v may not contain \", \$, \\, \` or a line break (they cannot be written to .env literally)")
  fi
done
if [[ -n "${FUNCTION_NAME:-}" && ! "$FUNCTION_NAME" =~ ^[A-Za-z_][A-Za-z0-9_-]{0,63}$ ]]; then
  problems+=("FUNCTION_NAME must start with a letter or _ and hold only letters, digits, _ and - (at most 64), got \"$FUNCTION_NAME\"")
fi

# Prerequisites of `s deploy` that can be checked offline: missing ones stop a deploy; a dry run lists them.
todo=()
alias_name="${access:-default}"
if ! command -v s >/dev/null 2>&1; then
  todo+=("Serverless Devs (s) is not installed: npm install -g @serverless-devs/s")
fi
access_file="${HOME:-~}/.s/access.yaml"
if [[ ! -f "$access_file" ]] || ! awk -v a="$alias_name" '
    /^[^[:space:]#][^:]*:/ { cur = $0; sub(/:.*/, "", cur); gsub(/["\x27]/, "", cur); next }
    cur == a && /^[[:space:]]+AccountID:/ { found = 1 }
    END { exit found ? 0 : 1 }' "$access_file"; then
  todo+=("s has no access \"$alias_name\" with an AccountID (looked in $access_file): run \`s config add\` and give your AccessKey and AccountID (the key needs FC and OSS permissions and ram:PassRole on AliyunCDNServerlessDevsRole)")
fi
if [[ -z "$bucket_region" && "${SECONDARY_ORIGIN:-}" == oss://* ]]; then
  echo "deploy.sh: note: SECONDARY_ORIGIN is oss://..., so the bucket's region is unknown here; OSS_ENDPOINT assumes it is $REGION. If it is not, set OSS_ENDPOINT (and OSS_REGION in s.yaml)." >&2
fi

if ((${#problems[@]})); then
  echo "deploy.sh: cannot deploy yet:" >&2
  for p in "${problems[@]}"; do echo "  - $p" >&2; done
  echo "Set them in the environment or in deploy.env (KEY=VALUE lines), then run scripts/deploy.sh again." >&2
  exit 1
fi

# .env beside s.yaml: Serverless Devs reads it for every command, so nothing needs exporting later.
umask 077
tmp_env=$(mktemp .env.XXXXXX)
{
  echo "# Written by scripts/deploy.sh; Serverless Devs reads it for every s command. Edit deploy.env and rerun."
  for v in REGION DOMAIN ORIGIN SECONDARY_ORIGIN SCHEDULE RESOURCE_TYPES TASK_NAME FUNCTION_NAME OSS_ENDPOINT \
           HTTP_AUTH_TYPE HTTP_TOKEN; do
    printf '%s="%s"\n' "$v" "${!v:-}"
  done
} >"$tmp_env"
chmod 600 "$tmp_env"
mv -f "$tmp_env" .env

echo "Function $FUNCTION_NAME in $REGION, settings written to .env:"
for v in DOMAIN ORIGIN SECONDARY_ORIGIN OSS_ENDPOINT TASK_NAME RESOURCE_TYPES SCHEDULE HTTP_AUTH_TYPE; do
  printf '  %-17s %s\n' "$v" "${!v}"
done
printf '  %-17s %s\n' HTTP_TOKEN "$([[ -n "${HTTP_TOKEN:-}" ]] && echo '(set, not shown)' || echo '(none)')"
if $dry_run; then
  if ((${#todo[@]})); then
    echo "Before scripts/deploy.sh can deploy:"
    for t in "${todo[@]}"; do echo "  - $t"; done
  fi
  echo "Dry run: checks passed, .env written; nothing deployed. It would run: s deploy -y -t s.yaml${access:+ -a $access}"
  exit 0
fi
if ((${#todo[@]})); then
  echo "deploy.sh: cannot deploy yet:" >&2
  for t in "${todo[@]}"; do echo "  - $t" >&2; done
  exit 1
fi

args=(deploy -y -t s.yaml)
[[ -n "$access" ]] && args+=(-a "$access")
s "${args[@]}" "${extra[@]}"
echo
echo "Deployed. Try it: scripts/invoke.sh status   (or: scripts/invoke.sh sync)"
