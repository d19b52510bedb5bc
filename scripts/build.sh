#!/usr/bin/env bash
# Builds target/cdn-secondary-origin.jar: the Function Compute code package and the CLI in one file.
# Used by s.yaml's pre-deploy action. Tests are skipped here; run them with `mvn test`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v mvn >/dev/null 2>&1; then
  echo "build.sh: Maven (mvn) is not installed; on Debian/Ubuntu: apt-get install maven" >&2
  exit 1
fi
if ! command -v java >/dev/null 2>&1; then
  echo "build.sh: no Java found; install a JDK 11 or newer (the jar targets Java 11, FC's java11 runtime)" >&2
  exit 1
fi

mvn -q -B -DskipTests package
jar=target/cdn-secondary-origin.jar
if [[ ! -s "$jar" ]]; then
  echo "build.sh: the build finished but $jar is missing" >&2
  exit 1
fi
size=$(wc -c <"$jar")
echo "built $jar ($((size / 1024 / 1024)) MiB)"
# FC takes code packages up to 500 MiB (uncompressed); far below, but say so if it ever grows near.
if (( size > 100 * 1024 * 1024 )); then
  echo "build.sh: warning: $jar is larger than 100 MiB" >&2
fi
