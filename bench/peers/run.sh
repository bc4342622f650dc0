#!/usr/bin/env bash
# bench/peers: Kafka topics -> MongoDB-wire store, the project's ingest-service side by side with its peers.
#   A = the official MongoDB sink connector (mongo-kafka-connect 2.0.1) on Kafka Connect 4.1.2 standalone, idempotent
#   B = the limit: plain consumer -> JSON to BSON (Jackson streaming -> RawBsonDocument) -> insertMany(1000) x 2 threads
#   C = the ingest-service as packaged (java -jar ingest-service/target/ingest-service-exec.jar)
# Same records, same broker (single-node KRaft 4.1.2), same store (mongo-java-server 1.47.0, memory backend, own JVM)
# in one run; one contender at a time, each from the same pre-filled topics with a fresh consumer group, the store's
# database dropped between contenders. See README.md.
#
# usage (from anywhere, after `mvn -B -q -DskipTests package`):
#   bench/peers/run.sh [N]                         N events (default 200000)
# env:
#   TRAFFIC=messages|mixed   (messages) message.* on timeline.messages | every interaction type on its family's topic
#   CONTENDERS="A B C"       which, in this order
#   FRESH_RATE=events/s, FRESH_SECONDS (60), FRESH_SAMPLE_EVERY (10), FRESH_WARM_S (60)
#                            freshness mode: only C, started on empty topics; a paced producer times produced -> visible
#   C_JAVA_OPTS (-Xmx300m -XX:+UseSerialGC), INGEST_JAR (ingest-service/target/ingest-service-exec.jar); INGEST_CONCURRENCY and
#                            the service's other variables pass through when set
#   A_OVERRIDES="k=v ..."    appended to connect/sink-a.properties;  B_WORKERS (2)
#   STORE_HEAP (4g up to 300k events, else 8g), STORE_JAVA_OPTS (extra JVM options of the store, e.g. a JFR recording), WARMUP_DOCS (50000), SEED (42), CHECK_CONTRACT (1), SCHEMA_SAMPLE (5000)
set -euo pipefail

N=${1:-200000}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
W=$HERE/work
TRAFFIC=${TRAFFIC:-messages}
CONTENDERS=${CONTENDERS:-A B C}
FRESH_RATE=${FRESH_RATE:-}
FRESH_SECONDS=${FRESH_SECONDS:-60}
SEED=${SEED:-42}
INGEST_JAR=${INGEST_JAR:-$ROOT/ingest-service/target/ingest-service-exec.jar}
C_JAVA_OPTS=${C_JAVA_OPTS:--Xmx300m -XX:+UseSerialGC}   # what its image gives it at the manifest's 512 Mi limit
[[ $TRAFFIC == messages || $TRAFFIC == mixed ]] || { echo "TRAFFIC must be messages or mixed" >&2; exit 2; }
if [[ -n $FRESH_RATE ]]; then N=$((FRESH_RATE * FRESH_SECONDS)); CONTENDERS=C; fi
[[ $N =~ ^[0-9]+$ && $N -gt 0 ]] || { echo "N must be a positive number" >&2; exit 2; }
STORE_HEAP=${STORE_HEAP:-$((N > 300000 ? 8 : 4))g}
STAMP=$(date +%Y%m%d-%H%M%S)
RUN_NAME=$STAMP-$TRAFFIC-n$N${FRESH_RATE:+-fresh$FRESH_RATE}
RUN=$W/runs/$RUN_NAME
mkdir -p "$W/cp" "$W/classes" "$RUN"
RES=$RUN/results.txt; : >"$RES"
if [[ $TRAFFIC == messages ]]; then TOPICS=(timeline.messages); else
  TOPICS=(timeline.messages timeline.calls timeline.emails timeline.tickets timeline.automation timeline.crm); fi
ALL_TOPICS=(timeline.messages timeline.calls timeline.emails timeline.tickets timeline.automation timeline.crm)
DB=bench
CLK=$(getconf CLK_TCK)
read -r LOAD_BEFORE _ </proc/loadavg

log() { printf '[%s] %s\n' "$(date +%T)" "$*" | tee -a "$RUN/harness.log" >&2; }
die() { log "FAILED: $*"; exit 1; }
now_ms() { date +%s%3N; }
alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null) || return 1; [[ $s != Z* ]]; }

# ---------- processes: only what this script started, by pid or by the process group it created with setsid ----------
STARTED=()   # "pid" or "-pgid"
TOOL_PID=
gone() { if [[ $1 == -* ]]; then ! pgrep -g "${1#-}" >/dev/null; else ! alive "$1"; fi; }
stop_one() {
  gone "$1" && return 0
  kill -TERM -- "$1" 2>/dev/null || true
  for _ in $(seq 1 300); do gone "$1" && return 0; sleep 0.1; done
  log "$1 still alive after 30 s: KILL"
  kill -KILL -- "$1" 2>/dev/null || true
}
cleanup() {
  [[ -n $TOOL_PID ]] && kill -TERM "$TOOL_PID" 2>/dev/null || true
  local i
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do stop_one "${STARTED[$i]}"; done
  STARTED=()
  rm -rf "$RUN/kafka-data" "$RUN/ingest-service-exec.jar"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# /proc accounting. cpu_s PGID: user+sys seconds of every live process in the group; rss_mb PGID: sum of their VmHWM;
# cpu_pid PID: user+sys seconds of one process
members() { { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v g="$1" '{ pid = $1; sub(/^.*\) /, ""); if ($3 == g) print pid }'; }
cpu_s() { { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v g="$1" -v t="$CLK" '{ sub(/^.*\) /, ""); if ($3 == g) s += $12 + $13 } END { printf "%.1f", s / t }'; }
rss_mb() { local p kb s=0; for p in $(members "$1"); do kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$p/status" 2>/dev/null || true); s=$((s + ${kb:-0})); done; echo $((s / 1024)); }
cpu_pid() { awk -v t="$CLK" '{ sub(/^.*\) /, ""); printf "%.1f", ($12 + $13) / t }' "/proc/$1/stat" 2>/dev/null || echo 0; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }

# a harness tool in the background, so that a signal is handled at once (bash defers traps during a foreground child)
TJ=()
tool() { # out-file class args...   (stdout and stderr to out-file)
  local out=$1 rc=0; shift
  "${TJ[@]}" "$@" >"$out" 2>&1 & TOOL_PID=$!
  wait "$TOOL_PID" || rc=$?; TOOL_PID=; return $rc
}
tool_progress() { # like tool, stderr (progress) to the console and harness.log
  local out=$1 rc=0; shift
  "${TJ[@]}" "$@" >"$out" 2> >(tee -a "$RUN/harness.log" >&2) & TOOL_PID=$!
  wait "$TOOL_PID" || rc=$?; TOOL_PID=; return $rc
}
wait_log() { # file pattern timeout_s pid
  local end=$((SECONDS + $3))
  until grep -q "$2" "$1" 2>/dev/null; do
    alive "$4" || { tail -30 "$1" >&2; die "process $4 exited before '$2' appeared in $1"; }
    ((SECONDS < end)) || die "timeout waiting for '$2' in $1"
    sleep 0.1
  done
}
result() { grep '^RESULT ' "$1" >>"$RES" || true; }
val() { grep "^RESULT phase=$1 " "$RES" | tail -1 | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# ---------- jars (Maven Central, cached in work/cp; re-resolved when a deps/*/pom.xml changes) and classes ----------
command -v mvn >/dev/null && command -v javac >/dev/null && command -v unzip >/dev/null || die "needs java 17, mvn and unzip"
cp_of() { # name -> classpath of deps/<name>/pom.xml
  local pom=$HERE/deps/$1/pom.xml out=$W/cp/$1.txt
  if [[ ! -s $out || $pom -nt $out ]]; then
    log "resolving deps/$1 with mvn"
    mvn -B -q -f "$pom" dependency:build-classpath -Dmdep.outputFile="$out" >"$W/cp/$1.mvn.log" 2>&1 \
      || { cat "$W/cp/$1.mvn.log" >&2; die "mvn deps/$1"; }
  fi
  cat "$out"
}
BROKER_CP=$(cp_of broker); TOOLS_CP=$(cp_of tools); STORE_CP=$(cp_of store)
[[ " $CONTENDERS " == *" A "* ]] && CONNECT_CP=$(cp_of connect)
PLUGIN=$W/plugins/mongo-kafka-connect
if [[ " $CONTENDERS " == *" A "* && ( ! -f $PLUGIN/.done || $HERE/deps/mongo-sink/pom.xml -nt $PLUGIN/.done ) ]]; then
  log "copying the mongo-kafka-connect plugin into work/plugins"
  rm -rf "$PLUGIN"
  mvn -B -q -f "$HERE/deps/mongo-sink/pom.xml" dependency:copy-dependencies -DoutputDirectory="$PLUGIN" \
    -DincludeScope=runtime -DexcludeGroupIds=org.slf4j >"$W/cp/plugin.mvn.log" 2>&1 || { cat "$W/cp/plugin.mvn.log" >&2; die "mvn plugin"; }
  touch "$PLUGIN/.done"
fi
if [[ " $CONTENDERS " == *" C "* || ${CHECK_CONTRACT:-1} == 1 ]]; then
  [[ -f $INGEST_JAR ]] || die "$INGEST_JAR not found: run 'mvn -B -q -DskipTests package' in $ROOT first"
  # a snapshot, so that a rebuild during the run cannot swap the jar between the contract check and C
  cp "$INGEST_JAR" "$RUN/ingest-service-exec.jar"
  echo "RESULT phase=jar path=$INGEST_JAR sha256=$(sha256sum "$RUN/ingest-service-exec.jar" | cut -c1-16)" \
    "built=$(date -u -r "$INGEST_JAR" +%Y-%m-%dT%H:%M:%SZ)" >>"$RES"
  INGEST_JAR=$RUN/ingest-service-exec.jar
fi
compile() { # name classpath
  local out=$W/classes/$1 stamp=$W/classes/$1.stamp
  if [[ ! -f $stamp || -n $(find "$HERE/src/$1" -name '*.java' -newer "$stamp") || ${3:-} -nt $stamp ]]; then
    log "compiling src/$1"
    rm -rf "$out" && mkdir -p "$out"
    javac -nowarn -encoding UTF-8 -d "$out" -cp "$2" "$HERE"/src/"$1"/*.java
    touch "$stamp"
  fi
}
compile tools "$TOOLS_CP"
compile store "$STORE_CP"
TCP=$W/classes/tools:$TOOLS_CP
TJ=(java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$TCP")
if [[ ${CHECK_CONTRACT:-1} == 1 ]]; then
  # the project's own contract code, exactly as packaged into the service: common-events and its Jackson 3
  LIB=$W/contract-lib
  JAR_SHA=$(val jar sha256)
  if [[ $(cat "$LIB/.done" 2>/dev/null) != "$JAR_SHA" ]]; then
    rm -rf "$LIB" && mkdir -p "$LIB"
    unzip -q -j -o "$INGEST_JAR" 'BOOT-INF/lib/common-events-*.jar' 'BOOT-INF/lib/jackson-core-3*.jar' \
      'BOOT-INF/lib/jackson-databind-3*.jar' 'BOOT-INF/lib/jackson-annotations-*.jar' -d "$LIB" || die "unzip $INGEST_JAR"
    echo "$JAR_SHA" >"$LIB/.done"
  fi
  CONTRACT_CP=$W/classes/tools:$(ls "$LIB"/*.jar | tr '\n' ':')$(cp_of contract)
  compile contract "$CONTRACT_CP" "$LIB/.done"
fi

# ---------- ports: free ones, 127.0.0.1 only ----------
read -r BROKER_PORT CTRL_PORT STORE_PORT CONNECT_PORT C_PORT < <("${TJ[@]}" FreePorts 5)
BOOT=127.0.0.1:$BROKER_PORT
URI=mongodb://127.0.0.1:$STORE_PORT
log "run $RUN_NAME: broker $BOOT (controller $CTRL_PORT), store $STORE_PORT, Connect REST $CONNECT_PORT, C HTTP $C_PORT"

# ---------- contract: every record must be accepted by the project's EventCodec (and the schema, sampled) ----------
if [[ ${CHECK_CONTRACT:-1} == 1 ]]; then
  log "checking the $N $TRAFFIC records against the contract (EventCodec, JSON Schema sample, topic, key, entry id)"
  TJ_SAVE=("${TJ[@]}"); TJ=(java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$W/classes/contract:$CONTRACT_CP")
  tool "$RUN/contract.log" -Xmx3g CheckContract "$TRAFFIC" "$N" "$SEED" "${SCHEMA_SAMPLE:-5000}" \
    || { head -20 "$RUN/contract.log" >&2; die "records not accepted by the contract (see $RUN/contract.log)"; }
  TJ=("${TJ_SAVE[@]}")
  result "$RUN/contract.log"
  log "contract: $(grep '^RESULT' "$RUN/contract.log" | cut -d' ' -f3-)"
fi

# ---------- broker: single-node KRaft, combined broker + controller ----------
cat >"$RUN/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CTRL_PORT
listeners=PLAINTEXT://127.0.0.1:$BROKER_PORT,CONTROLLER://127.0.0.1:$CTRL_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$BROKER_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$RUN/kafka-data
num.partitions=6
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
KJ=(java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$BROKER_CP")
"${KJ[@]}" kafka.tools.StorageTool format -t "$("${KJ[@]}" kafka.tools.StorageTool random-uuid)" \
  -c "$RUN/server.properties" >"$RUN/format.log" 2>&1 || { cat "$RUN/format.log" >&2; die "kafka storage format"; }
log "starting the broker (Kafka 4.1.2 KRaft)"
java -Xms1g -Xmx1g -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=info -Dorg.slf4j.simpleLogger.showDateTime=true \
  -cp "$BROKER_CP" kafka.Kafka "$RUN/server.properties" >"$RUN/broker.log" 2>&1 &
BROKER_PID=$!; STARTED+=("$BROKER_PID")
log "starting the store (mongo-java-server memory backend, heap $STORE_HEAP)"
java -Xms"$STORE_HEAP" -Xmx"$STORE_HEAP" -XX:+UseG1GC ${STORE_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$W/classes/store:$STORE_CP" Store 127.0.0.1 "$STORE_PORT" >"$RUN/store.log" 2>&1 &
STORE_PID=$!; STARTED+=("$STORE_PID")
wait_log "$RUN/broker.log" "Kafka Server started" 120 "$BROKER_PID"
wait_log "$RUN/store.log" "STORE READY" 60 "$STORE_PID"
export PEERS_STORE_PID=$STORE_PID PEERS_CLK_TCK=$CLK   # for WaitCount's steady-phase CPU
tool "$RUN/topics.log" Topics create "$BOOT" 6 "${ALL_TOPICS[@]}" || { cat "$RUN/topics.log" >&2; die "create topics"; }

if [[ -z $FRESH_RATE ]]; then
  log "producing $N $TRAFFIC records into ${TOPICS[*]}"
  tool "$RUN/produce.log" -Xmx4g Produce "$BOOT" "$TRAFFIC" "$N" "$SEED" || { cat "$RUN/produce.log" >&2; die "producer"; }
  result "$RUN/produce.log"
  tool "$RUN/topic-count.log" Topics count "$BOOT" input "${TOPICS[@]}" || die "topic count"
  result "$RUN/topic-count.log"
  [[ $(val input total) == "$N" ]] || die "the topics hold $(val input total) records, expected $N"
  log "topics hold $N records ($(val produce avg_bytes) B/event; entries for C: $(val produce plain) own + $(val produce folded) parts of $(val produce heads) folded)"
  tool "$RUN/warmup.log" RawSink warmup "$URI" "$DB" warmup "${WARMUP_DOCS:-50000}" || { cat "$RUN/warmup.log" >&2; die "warmup"; }
  result "$RUN/warmup.log"
  FOLDED=$(val produce folded); HEADS=$(val produce heads)
else
  tool "$RUN/shape.log" Traffic "$TRAFFIC" "$N" "$SEED" || die "traffic shape"
  result "$RUN/shape.log"
  FOLDED=$(val shape folded); HEADS=$(val shape heads)
fi

# ---------- the contenders ----------
launch() { # name command...   -> PG (its own process group, via setsid)
  local name=$1; shift
  setsid "$@" >"$RUN/$name.log" 2>&1 &
  PG=$!; STARTED+=("-$PG")
}
launch_A() {
  sed -e "s|@BOOTSTRAP@|$BOOT|" -e "s|@RUN@|$RUN|" -e "s|@PLUGINS@|$W/plugins|" -e "s|@PORT@|$CONNECT_PORT|g" \
    "$HERE/connect/worker.properties" >"$RUN/worker.properties"
  { cat "$HERE/connect/sink-a.properties"
    echo "name=peers-a-$STAMP"
    echo "topics=$(IFS=,; echo "${TOPICS[*]}")"
    echo "connection.uri=$URI"
    for kv in ${A_OVERRIDES:-}; do echo "$kv"; done; } >"$RUN/sink-a.properties"
  launch A java -Xms1g -Xmx2g -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=info -Dorg.slf4j.simpleLogger.showDateTime=true \
    -cp "$CONNECT_CP" org.apache.kafka.connect.cli.ConnectStandalone "$RUN/worker.properties" "$RUN/sink-a.properties"
  COLL=sink_a
}
launch_B() {
  launch B java -Xms1g -Xmx2g -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$TCP" \
    RawSink consume "$BOOT" "$(IFS=,; echo "${TOPICS[*]}")" "$N" "$URI" "$DB" raw_b
  COLL=raw_b
}
launch_C() {
  # shellcheck disable=SC2086  # C_JAVA_OPTS is a list of options
  launch C env KAFKA_BOOTSTRAP_SERVERS="$BOOT" MONGO_URI="$URI/$DB" TIMELINE_COLLECTION=timeline_c \
    INGEST_GROUP_ID="peers-c-$STAMP" PORT="$C_PORT" SERVER_ADDRESS=127.0.0.1 java $C_JAVA_OPTS -jar "$INGEST_JAR"
  COLL=timeline_c
}
c_extras() { # the service's own counters and the dead-letter topics
  curl -s --max-time 10 "http://127.0.0.1:$C_PORT/actuator/prometheus" >"$RUN/C-metrics.txt" 2>/dev/null || log "could not read C's metrics"
  awk '/^timeline_ingest_(stored|deduplicated|dead_lettered|suppressed)_total/ { n = $1; sub(/\{.*/, "", n); sub(/^timeline_ingest_/, "", n); sub(/_total$/, "", n); s[n] += $NF }
       END { printf "RESULT phase=C_ingest stored=%d deduplicated=%d dead_lettered=%d suppressed=%d\n", s["stored"], s["deduplicated"], s["dead_lettered"], s["suppressed"] }' \
    "$RUN/C-metrics.txt" >>"$RES"
  local dlt=() t; for t in "${ALL_TOPICS[@]}"; do dlt+=("$t-dlt"); done
  tool "$RUN/C-dlt.log" Topics count "$BOOT" C_dlt "${dlt[@]}" && result "$RUN/C-dlt.log"
}

for c in $CONTENDERS; do
  [[ $c == A || $c == B || $c == C ]] || die "unknown contender $c"
  tool "$RUN/drop-$c.log" RawSink drop-db "$URI" "$DB" || die "drop database"
  store0=$(cpu_pid "$STORE_PID"); broker0=$(cpu_pid "$BROKER_PID")
  log "contender $c: launching"
  T0=$(now_ms)
  "launch_$c"
  if [[ -n $FRESH_RATE ]]; then
    wait_log "$RUN/C.log" "partitions assigned" 180 "$PG"
    echo "RESULT phase=C_ready ready_ms=$(($(now_ms) - T0))" >>"$RES"
    sleep 3
    log "freshness: publishing $FRESH_RATE events/s for ${FRESH_SECONDS}s while C runs"
    tool "$RUN/fresh.log" -Xmx2g Fresh "$BOOT" "$URI" "$DB" "$COLL" "$TRAFFIC" "$FRESH_RATE" "$FRESH_SECONDS" "$SEED" \
      "${FRESH_SAMPLE_EVERY:-10}" "${FRESH_WARM_S:-60}" || { tail -20 "$RUN/fresh.log" >&2; log "freshness run incomplete"; }
    result "$RUN/fresh.log"
  fi
  WAIT=(WaitCount "$c" "$URI" "$DB" "$COLL" "$N" "$T0" "$PG")
  [[ $c == C ]] && WAIT+=(timeline_parts "$FOLDED" "$HEADS")
  tool_progress "$RUN/wait-$c.log" "${WAIT[@]}" || true
  # measured at once, while the contender still runs: CPU during the phase, peak RSS
  echo "RESULT phase=${c}_proc cpu_s=$(cpu_s "$PG") store_cpu_s=$(sub "$(cpu_pid "$STORE_PID")" "$store0")" \
    "broker_cpu_s=$(sub "$(cpu_pid "$BROKER_PID")" "$broker0") rss_mb=$(rss_mb "$PG")" >>"$RES"
  result "$RUN/wait-$c.log"
  if grep -q FAILED "$RUN/wait-$c.log" || ! grep -q '^RESULT' "$RUN/wait-$c.log"; then
    tail -30 "$RUN/$c.log" >&2; log "contender $c did not complete: $(cat "$RUN/wait-$c.log")"
  else
    log "contender $c: $(grep '^RESULT' "$RUN/wait-$c.log" | cut -d' ' -f3-)"
  fi
  [[ $c == C ]] && c_extras
  [[ $c == A ]] && { grep -E ' ERROR ' "$RUN/A.log" | head -5 >&2 || true; }
  stop_one "-$PG"
done

log "stopping the store and the broker"
cleanup
read -r LOAD_AFTER _ </proc/loadavg
TOPICS_DESC="${#TOPICS[@]} topic(s) x 6 partitions"
echo "RESULT phase=run n=$N traffic=$TRAFFIC cores=$(nproc) load_before=$LOAD_BEFORE load_after=$LOAD_AFTER" \
  "fresh_seconds=${FRESH_RATE:+$FRESH_SECONDS} contenders=$CONTENDERS topics=$TOPICS_DESC" >>"$RES"
"${TJ[@]}" Report "$RES" "$W" "$RUN_NAME" | tee "$RUN/summary.md"
echo "logs and results: $RUN"
