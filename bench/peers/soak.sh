#!/usr/bin/env bash
# bench/peers/soak.sh: the local stack under load, from outside (issue 12). Start the stack first, in another terminal:
#   ./run-local.sh --no-demo          (or with the demo; rm -rf .local first for a clean store)
# then:
#   PRELOAD=1000000 bench/peers/soak.sh      preload 1M events, kill -9 the store and time its restart, time every
#                                            request alone, then 10 min of 2,000 events/s + 50 requests/s
# env: PRELOAD (0: none), PHASES (preload,restart,quiet,soak; restart only with a preload), TRAFFIC (mixed|messages),
#   RATE (2000 events/s), READS (50 requests/s), SOAK_SECONDS (600), SEED (7), BIG_SHARE (10: % of events for cus-000000),
#   STEP_MS (25000: event i happens ~i × 25 s after 2025-11-01), TENANT (demo) and API_KEY (demo-local-key),
#   KAFKA (127.0.0.1:9092), MONGO (mongodb://127.0.0.1:27017), API (http://127.0.0.1:8082/api/v1),
#   EXPORT_API (http://127.0.0.1:8083/api/v1), GROUP (timeline-ingest), DATA_DIR (.local of the checkout).
# Results: bench/peers/work/soak/<stamp>/results.txt (RESULT lines, see src/tools/Soak.java).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
W=$HERE/work
PRELOAD=${PRELOAD:-0}
PHASES=${PHASES:-$( ((PRELOAD > 0)) && echo preload,restart,quiet,soak || echo quiet,soak)}
DATA_DIR=${DATA_DIR:-$ROOT/.local}
RUN=$W/soak/$(date +%Y%m%d-%H%M%S)
mkdir -p "$W/cp" "$W/classes/soak" "$RUN"
[[ -d $DATA_DIR/run ]] || { echo "no local stack data in $DATA_DIR: start ./run-local.sh first" >&2; exit 2; }

CP_FILE=$W/cp/tools.txt
if [[ ! -s $CP_FILE || $HERE/deps/tools/pom.xml -nt $CP_FILE ]]; then
  mvn -B -q -f "$HERE/deps/tools/pom.xml" dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >"$W/cp/tools.mvn.log" 2>&1 \
    || { cat "$W/cp/tools.mvn.log" >&2; exit 1; }
fi
javac -nowarn -encoding UTF-8 -d "$W/classes/soak" -cp "$(cat "$CP_FILE")" "$HERE"/src/tools/*.java

declare -A LINES_BEFORE
for f in "$DATA_DIR"/logs/*.log; do LINES_BEFORE[$f]=$(wc -l <"$f"); done
set +e
java -Xmx6g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dtraffic.tenant="${TENANT:-demo}" -Dtraffic.bigShare="${BIG_SHARE:-10}" -Dtraffic.stepMs="${STEP_MS:-25000}" \
  -cp "$W/classes/soak:$(cat "$CP_FILE")" Soak "${KAFKA:-127.0.0.1:9092}" "${MONGO:-mongodb://127.0.0.1:27017}" \
  "${API:-http://127.0.0.1:8082/api/v1}" "${EXPORT_API:-http://127.0.0.1:8083/api/v1}" "${API_KEY:-demo-local-key}" \
  "${GROUP:-timeline-ingest}" "${TRAFFIC:-mixed}" "$PRELOAD" "${RATE:-2000}" "${READS:-50}" "${SOAK_SECONDS:-600}" \
  "${SEED:-7}" "$DATA_DIR/run" "$PHASES" | tee "$RUN/results.txt"
rc=${PIPESTATUS[0]}
set -e
# lines with ERROR or an exception that each process logged meanwhile (kept in the run directory)
for f in "$DATA_DIR"/logs/*.log; do
  name=$(basename "$f" .log)
  tail -n +$((${LINES_BEFORE[$f]:-0} + 1)) "$f" | grep -E 'ERROR|Exception' >"$RUN/$name.errors" || true
  echo "RESULT phase=log process=$name error_lines=$(wc -l <"$RUN/$name.errors")" | tee -a "$RUN/results.txt"
done
echo "results: $RUN/results.txt" >&2
exit "$rc"
