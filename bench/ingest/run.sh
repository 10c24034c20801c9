#!/usr/bin/env bash
# Ingest benchmarks of the capture path, on loopback only, each run bounded in time.
#
#   bench/ingest/run.sh            # everything once (about 14 minutes)
#   ONLY="bare ours naive" REPEAT=3 bench/ingest/run.sh
#
# Knobs (environment): DURATION (s, 20), WARMUP (s, 60), CONNS (50), BATCH_CONNS (4), BATCH_SIZE (500),
# HEAP (-Xmx256m), ONLY (run names, in order), REPEAT (1; the summary takes the median of repeats),
# KEEP_DB (set to keep the databases; they are deleted at exit otherwise).
# The warm-up is long on purpose: on 2 busy cores C2 was still compiling the server after 15 s
# (measured: C2 threads used more CPU per request than the request handling itself).
#
# Runs, each against a fresh database and a fresh server JVM on a free port:
#   bare         BareServer: same Javalin/Jetty stack, readTree + 202 only (the HTTP ceiling)
#   ours         `feedloop serve`, SQLite store, group commit, durability full (the default)
#   ours-pg      `feedloop serve` on an embedded PostgreSQL 14 (PgServe; synchronous_commit on)
#   naive        NaiveServer: same API server, one synchronous transaction per request
#   ours-normal / naive-normal   the same two with FEEDLOOP_DURABILITY=normal
#   batch-full / batch-normal    `feedloop serve`, 500-event arrays, durability full / normal
#   ceiling-full / ceiling-normal  JdbcCeiling: plain JDBC batch inserts, same schema and pragmas
# Single-event runs: wrk -t2 -c$CONNS; batch runs: wrk -t2 -c$BATCH_CONNS. Every run is warmed up
# for $WARMUP first (same load, discarded). Server RSS is sampled from /proc/PID/status every
# 0.5 s, and the share of the measured window in which some task on the machine waited on I/O
# (/proc/pressure/io; it counts the server's own flushes too: about 10 % for ours in a quiet run,
# runs well above that had the wrk p99 outliers). Requires wrk (apt-get install -y wrk), curl, java 17, mvn.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/ingest"
# shellcheck source=lib.sh
. "$HERE/lib.sh"
DURATION="${DURATION:-20}"          # seconds per measured run
WARMUP="${WARMUP:-60}"              # seconds of warm-up per server (same load, discarded)
REPEAT="${REPEAT:-1}"
CONNS="${CONNS:-50}"
BATCH_CONNS="${BATCH_CONNS:-4}"
BATCH_SIZE="${BATCH_SIZE:-500}"
HEAP="${HEAP:--Xmx256m}"
ONLY="${ONLY:-bare ours naive ours-normal naive-normal ceiling-full batch-full batch-normal ceiling-normal}"
KEY="bench_$(date +%s)_key"
WORK="$(mktemp -d /tmp/feedloop-ingest.XXXXXX)"
CP="$ROOT/bench/target/feedloop-bench.jar:$ROOT/bench/target/lib/*"
RESULTS="$WORK/results.tsv"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  [ -n "${KEEP_DB:-}" ] || rm -rf "$WORK"/*.db "$WORK"/*.db-wal "$WORK"/*.db-shm "$WORK"/*.db-inbox.d \
    "$WORK"/*.db-inbox.lock
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get update && apt-get install -y wrk" >&2; exit 1; }
echo "building (mvn -q -o -pl bench -am package -DskipTests)..." >&2
(cd "$ROOT" && mvn -q -o -pl bench -am package -DskipTests)
echo "work folder: $WORK" >&2

# start NAME MAIN ARGS...: starts a server JVM, waits for its port; sets PORT and SERVER_PID.
start() {
  local name="$1" main="$2"
  shift 2
  FEEDLOOP_API_KEY="$KEY" java $HEAP -cp "$CP" "$main" "$@" >"$WORK/$name.r$round.out" 2>"$WORK/$name.r$round.err" &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  PORT="$(wait_port "$name" "$SERVER_PID" "$WORK/$name.r$round.out" "$WORK/$name.r$round.err")" || exit 1
}

stop() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}

# Peak VmRSS (KiB) of PID, sampled until the file $WORK/stop-rss exists.
sample_rss() {
  local pid="$1" out="$2" peak=0 rss
  while [ ! -e "$WORK/stop-rss" ] && kill -0 "$pid" 2>/dev/null; do
    rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)"
    [ "${rss:-0}" -gt "$peak" ] && peak="$rss"
    sleep 0.5
  done
  echo "$peak" >"$out"
}

# seed: stores the responses single.lua and batch.lua send feedback for (see lib.sh).
seed() {
  [ -f "$WORK/seed.json" ] || seed_body >"$WORK/seed.json"
  curl -sf -XPOST -H 'Content-Type: application/json' -H "Authorization: Bearer $KEY" \
    --data-binary @"$WORK/seed.json" "http://127.0.0.1:$PORT/v1/responses" >/dev/null
}

# Server-side latency of 202s on /v1/feedback from /metrics: "count sum le1:n1 le2:n2 ...".
scrape() {
  { curl -sf "http://127.0.0.1:$PORT/metrics" 2>/dev/null || true; } | awk '
    /^feedloop_http_request_duration_seconds_bucket\{route="\/v1\/feedback",status="202"/ {
      match($0, /le="[^"]+"/); le = substr($0, RSTART + 4, RLENGTH - 5); b = b " " le ":" $2 }
    /^feedloop_http_request_duration_seconds_count\{route="\/v1\/feedback",status="202"/ { c = $2 }
    /^feedloop_http_request_duration_seconds_sum\{route="\/v1\/feedback",status="202"/ { s = $2 }
    /^feedloop_ingested_total\{route="\/v1\/feedback"/ { i = $2 }
    END { print (c == "" ? 0 : c), (s == "" ? 0 : s), (i == "" ? 0 : i) b }'
}

# Microseconds during which some task waited on I/O so far (Linux PSI), or "-" without PSI.
io_stall_us() {
  awk '/^some/ { sub("total=", "", $5); print $5; found = 1 } END { if (!found) print "-" }' /proc/pressure/io 2>/dev/null \
    || echo -
}

# Mean and bucket p99 (upper bound of the bucket holding the 99th percentile) between two scrapes.
server_latency() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    na = split(a, A, " "); nb = split(b, B, " ");
    n = B[1] - A[1]; if (n <= 0) { print "- - -"; exit }
    mean = (B[2] - A[2]) / n * 1000; stored = B[3] - A[3]; p99 = "-";
    for (k = 4; k <= nb; k++) { split(B[k], x, ":"); split(A[k], y, ":");
      if (x[2] - y[2] >= 0.99 * n) { p99 = x[1] * 1000; break } }
    printf "%.2f %s %d\n", mean, p99, stored }'
}

# load NAME SCRIPT CONNECTIONS: warm-up then measured wrk run; appends a row to $RESULTS.
load() {
  local name="$1" script="$2" conns="$3" size="${4:-1}"
  rm -f "$WORK/stop-rss"
  sample_rss "$SERVER_PID" "$WORK/$name.r$round.rss" &
  local sampler=$!
  wrk -t2 -c"$conns" -d"${WARMUP}s" -s "$HERE/$script" "http://127.0.0.1:$PORT" -- "w$name" "$KEY" "$size" \
    >"$WORK/$name.r$round.warmup.txt"
  local before after cpu0 cpu1
  before="$(scrape)"
  cpu0="$(cpu_ticks "/proc/$SERVER_PID/stat")"
  local io0 t0 io1 t1 stall
  io0="$(io_stall_us)"; t0="$(date +%s%N)"
  wrk -t2 -c"$conns" -d"${DURATION}s" --latency -s "$HERE/$script" "http://127.0.0.1:$PORT" -- "m$name" "$KEY" "$size" \
    >"$WORK/$name.r$round.wrk.txt"
  cpu1="$(cpu_ticks "/proc/$SERVER_PID/stat")"
  io1="$(io_stall_us)"; t1="$(date +%s%N)"
  after="$(scrape)"
  touch "$WORK/stop-rss"
  wait "$sampler"
  local line
  line="$(grep '^WRK ' "$WORK/$name.r$round.wrk.txt" | sed 's/^WRK //')"
  local rps p50 p99 non2xx sockerr
  rps="$(jq -r .rps <<<"$line")"; p50="$(jq -r '.p50_us / 1000' <<<"$line")"
  p99="$(jq -r '.p99_us / 1000' <<<"$line")"; non2xx="$(jq -r .non2xx <<<"$line")"
  sockerr="$(jq -r .socket_errors <<<"$line")"
  local events cpu
  events="$(awk -v r="$rps" -v s="$size" 'BEGIN { printf "%.0f", r * s }')"
  cpu="$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$(getconf CLK_TCK)" -v n="$(jq -r .requests <<<"$line")" -v s="$size" \
    'BEGIN { printf "%.1f", (b - a) / hz * 1e6 / (n * s) }')"
  stall="$(awk -v a="$io0" -v b="$io1" -v t0="$t0" -v t1="$t1" \
    'BEGIN { if (a == "-" || b == "-") print "-"; else printf "%.1f", (b - a) * 1000 * 100 / (t1 - t0) }')"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$rps" "$events" "$p50" "$p99" "$non2xx" "$sockerr" \
    "$(($(cat "$WORK/$name.r$round.rss") / 1024))" "$(server_latency "$before" "$after")" "$cpu" "$stall" >>"$RESULTS"
  echo "  $name: $rps req/s, p99 ${p99} ms, non-2xx $non2xx, peak RSS $(($(cat "$WORK/$name.r$round.rss") / 1024)) MiB," \
    "I/O stall ${stall} % of the time" >&2
}

server_run() {
  local name="$1" kind="$2" durability="$3" script="$4" conns="$5" size="${6:-1}"
  echo "run $name ($(date +%T), load $(cut -d' ' -f1-3 /proc/loadavg))..." >&2
  case "$kind" in
    bare) start "$name" dev.feedloop.bench.ingest.BareServer ;;
    ours) FEEDLOOP_DURABILITY="$durability" start "$name" dev.feedloop.cli.Main serve --db "$WORK/$name.r$round.db" --port 0 ;;
    ours-pg) start "$name" dev.feedloop.bench.postgres.PgServe --port 0 ;;
    naive) FEEDLOOP_DURABILITY="$durability" start "$name" dev.feedloop.bench.ingest.NaiveServer --db "$WORK/$name.r$round.db" ;;
  esac
  [ "$kind" = bare ] || seed
  load "$name" "$script" "$conns" "$size"
  stop
}

ceiling_run() {
  local name="$1" durability="$2"
  echo "run $name ($(date +%T), load $(cut -d' ' -f1-3 /proc/loadavg))..." >&2
  java $HEAP -cp "$CP" dev.feedloop.bench.ingest.JdbcCeiling --db "$WORK/$name.r$round.db" --durability "$durability" \
    --batch "$BATCH_SIZE" --warmup "$WARMUP" --seconds "$DURATION" >"$WORK/$name.r$round.out"
  local rate cpu
  rate="$(grep -oE 'storage_rows_per_s=[0-9]+' "$WORK/$name.r$round.out" | cut -d= -f2)"
  cpu="$(grep -oE 'cpu_us_per_row=[0-9.]+' "$WORK/$name.r$round.out" | cut -d= -f2)"
  printf '%s\t-\t%s\t-\t-\t0\t0\t-\t- - -\t%s\t-\n' "$name" "$rate" "$cpu" >>"$RESULTS"
  echo "  $(cat "$WORK/$name.r$round.out")" >&2
}

: >"$RESULTS"
echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, heap $HEAP," \
  "warm-up ${WARMUP}s, measured ${DURATION}s, repeat $REPEAT" >"$WORK/header.txt"
for round in $(seq 1 "$REPEAT"); do
  for run in $ONLY; do
    case "$run" in
      bare) server_run bare bare full single.lua "$CONNS" ;;
      ours) server_run ours ours full single.lua "$CONNS" ;;
      ours-pg) server_run ours-pg ours-pg full single.lua "$CONNS" ;;
      naive) server_run naive naive full single.lua "$CONNS" ;;
      ours-normal) server_run ours-normal ours normal single.lua "$CONNS" ;;
      naive-normal) server_run naive-normal naive normal single.lua "$CONNS" ;;
      batch-full) server_run batch-full ours full batch.lua "$BATCH_CONNS" "$BATCH_SIZE" ;;
      batch-normal) server_run batch-normal ours normal batch.lua "$BATCH_CONNS" "$BATCH_SIZE" ;;
      ceiling-full) ceiling_run ceiling-full full ;;
      ceiling-normal) ceiling_run ceiling-normal normal ;;
      *) echo "unknown run '$run'" >&2; exit 2 ;;
    esac
  done
done

cat "$WORK/header.txt"
"$HERE/summary.sh" "$RESULTS"
echo "raw outputs: $WORK" >&2
