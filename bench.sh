#!/usr/bin/env bash
# Runs the benchmark suite on the real stack and writes docs/benchmarks.md and docs/benchmarks/*.json.
# Usage: ./bench.sh [--scenarios=backfill,replay,latency,throughput,tenants] [--latency-minutes=5] [--tenants=20]
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f system-tests/target/classpath.txt ] || [ -n "$(find . -path ./.demo -prune -o -name '*.java' -newer system-tests/target/classpath.txt -print -quit)" ]; then
  ./mvnw -q -B -DskipTests package
fi
exec java -Xmx512m -cp "system-tests/target/classes:$(cat system-tests/target/classpath.txt)" dev.worklogbridge.bench.Benchmarks "$@"
