#!/usr/bin/env bash
# Installs what the tests need (nginx as the real primary origin, Debian's PostgreSQL HTML manual as a
# real site to mirror, the echo module for the WAN-like benchmark profile, Node.js and the pinned npm
# packages of Serverless Devs' spec parser and the ROS resource specs) and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
[ -d /usr/share/doc/postgresql-doc-15/html ] || need+=(postgresql-doc-15)
[ -f /usr/lib/nginx/modules/ngx_http_echo_module.so ] || need+=(libnginx-mod-http-echo)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
# The npm packages SYamlTest and RosTemplateTest run (versions pinned in src/test/node/package-lock.json),
# installed into the git-ignored .ci-node/ and reinstalled when the lock file changes.
if ! cmp -s src/test/node/package-lock.json .ci-node/package-lock.json || [ ! -d .ci-node/node_modules ]; then
  echo "Installing the npm packages of src/test/node/package.json into .ci-node/"
  rm -rf .ci-node && mkdir -p .ci-node
  cp src/test/node/package.json src/test/node/package-lock.json .ci-node/
  (cd .ci-node && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
command -v mvn >/dev/null 2>&1 || { echo "error: Maven (mvn) is required: apt-get install maven" >&2; exit 2; }

mvn -B -ntp verify "$@"
