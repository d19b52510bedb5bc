#!/usr/bin/env bash
# HTML link reading speed: every page of the PostgreSQL manual (/usr/share/doc/postgresql-doc-15/html, installed
# by scripts/test.sh) read for links ROUNDS times (default 5) through jsoup's tree and through the tree-less scanner
# (crawl.HtmlLinkScanner, where it is sure; jsoup otherwise). Prints MB/s and ms per page for each, and the ratio.
# The driver is test code (dev.secondaryorigin.crawl.HtmlLinkScannerBench), run as its own JVM.
# Usage: scripts/bench-html-scan.sh [ROUNDS] [CONTENT-TYPE]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o test-compile || mvn -q -B test-compile
CPFILE=$(mktemp)
trap 'rm -f "$CPFILE"' EXIT
mvn -q -B -o -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$CPFILE" >/dev/null
exec java -cp "target/test-classes:target/classes:$(cat "$CPFILE")" dev.secondaryorigin.crawl.HtmlLinkScannerBench "$@"
