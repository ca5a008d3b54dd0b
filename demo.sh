#!/usr/bin/env bash
# The worklog-bridge demo: real Kafka, real PostgreSQL, two simulated Jira Cloud + Tempo sites and
# both services, with people logging, editing and deleting time on both sites. Ctrl-C stops it all.
# Usage: ./demo.sh [--duration=<seconds>]
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v java >/dev/null 2>&1; then
  echo "The demo needs a JDK 17 or newer: 'java' is not on the PATH." >&2
  exit 1
fi
major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
if [ "${major%%.*}" -lt 17 ] 2>/dev/null; then
  echo "The demo needs Java 17 or newer; this java is ${major}." >&2
  exit 1
fi

jars=(simulator/target/quarkus-app/quarkus-run.jar outbound-service/target/quarkus-app/quarkus-run.jar
      inbound-service/target/quarkus-app/quarkus-run.jar system-tests/target/classpath.txt)
build=no
for j in "${jars[@]}"; do [ -f "$j" ] || build=yes; done
if [ "$build" = no ] && [ -n "$(find . -path ./.demo -prune -o \( -name '*.java' -o -name '*.properties' -o -name 'pom.xml' -o -name '*.sql' \) -newer outbound-service/target/quarkus-app/quarkus-run.jar -print -quit)" ]; then
  build=yes
fi
if [ "$build" = yes ]; then
  echo "Building worklog-bridge (the first time takes a few minutes)..."
  ./mvnw -q -B -DskipTests package
fi

exec java -Xmx384m -cp "system-tests/target/classes:$(cat system-tests/target/classpath.txt)" dev.worklogbridge.demo.Demo "$@"
