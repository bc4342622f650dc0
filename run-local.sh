#!/usr/bin/env bash
# Runs the whole system locally on embedded defaults: a real single-node Kafka broker (KRaft), a MongoDB-wire server
# keeping its data in .local/, every service, and demo data published through Kafka. Ctrl-C stops it all.
# Arguments go to the local stack, e.g. ./run-local.sh --no-demo --kafka-port=19092 (see README, "Local stack").
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true package
exec java -jar local-stack/target/local-stack.jar "$@"
