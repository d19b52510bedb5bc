#!/usr/bin/env bash
# Rewrites the files generated from the code's tables (build-time generators in src/test, not in the function's
# code package): s.yaml's environment block and the README's variable table from the option table
# (DeploymentEnvironment), and the RAM policies in scripts/ram/, template.yml and the README from RamPermissions
# (PermissionDocs). Tests (SYamlTest, PermissionDocsTest) fail when a checked-in copy is stale; run this then.
set -euo pipefail
cd "$(dirname "$0")/.."
offline=(-o)
mvn -B -q "${offline[@]}" test-compile 2>/dev/null || mvn -B -q test-compile
cp_file=target/regenerate.classpath
mvn -B -q "${offline[@]}" dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null 2>&1 \
  || mvn -B -q dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
classpath="target/classes:target/test-classes:$(cat "$cp_file")"
java -cp "$classpath" dev.secondaryorigin.fc.DeploymentEnvironment --update
java -cp "$classpath" dev.secondaryorigin.fc.PermissionDocs --update
