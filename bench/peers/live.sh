#!/usr/bin/env bash
# bench/peers/live.sh: the live streams under load, from outside (issue 13). Start the stack first, in another terminal:
#   ./run-local.sh --no-demo
# then:
#   bench/peers/live.sh        500 idle streams for the memory per stream (with the 200 below, within one key's 1,000); then 200 streams open while 5,000 events/s
#                              of mixed traffic go through Kafka for 60 s: produced → pushed, and written → pushed
# env: RATE (5000), DURATION (60 s), STREAMS (200), IDLE_STREAMS (500), TRAFFIC (mixed|messages), SEED (the clock: each run publishes new events; a repeated seed only re-publishes stored ones, which push nothing),
#   TENANT (demo), API_KEY (demo-local-key), KAFKA (127.0.0.1:9092), API (http://127.0.0.1:8082/api/v1),
#   METRICS (http://127.0.0.1:8082/actuator/prometheus), DATA_DIR (.local of the checkout).
# Results: bench/peers/work/live/<stamp>/results.txt (RESULT lines, see src/tools/Live.java).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
W=$HERE/work
DATA_DIR=${DATA_DIR:-$ROOT/.local}
RUN=$W/live/$(date +%Y%m%d-%H%M%S)
mkdir -p "$W/cp" "$W/classes/live" "$RUN"
[[ -d $DATA_DIR/run ]] || { echo "no local stack data in $DATA_DIR: start ./run-local.sh first" >&2; exit 2; }

CP_FILE=$W/cp/tools.txt
if [[ ! -s $CP_FILE || $HERE/deps/tools/pom.xml -nt $CP_FILE ]]; then
  mvn -B -q -f "$HERE/deps/tools/pom.xml" dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >"$W/cp/tools.mvn.log" 2>&1 \
    || { cat "$W/cp/tools.mvn.log" >&2; exit 1; }
fi
javac -nowarn -encoding UTF-8 -d "$W/classes/live" -cp "$(cat "$CP_FILE")" "$HERE"/src/tools/*.java

java -Xmx4g -Xss512k -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dtraffic.tenant="${TENANT:-demo}" \
  -cp "$W/classes/live:$(cat "$CP_FILE")" Live "${KAFKA:-127.0.0.1:9092}" "${API:-http://127.0.0.1:8082/api/v1}" \
  "${METRICS:-http://127.0.0.1:8082/actuator/prometheus}" "${API_KEY:-demo-local-key}" "${TRAFFIC:-mixed}" \
  "${RATE:-5000}" "${DURATION:-60}" "${STREAMS:-200}" "${IDLE_STREAMS:-500}" "${SEED:-$(date +%s)}" "$DATA_DIR/run" \
  | tee "$RUN/results.txt"
echo "results: $RUN/results.txt" >&2
