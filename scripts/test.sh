#!/usr/bin/env bash
# Installs what the tests need (nginx as the real primary origin, Debian's PostgreSQL HTML manual as a
# real site to mirror, the echo module for the WAN-like benchmark profile) and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
[ -d /usr/share/doc/postgresql-doc-15/html ] || need+=(postgresql-doc-15)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v mvn >/dev/null 2>&1 || { echo "error: Maven (mvn) is required: apt-get install maven" >&2; exit 2; }

mvn -B -ntp verify "$@"
