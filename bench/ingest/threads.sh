#!/usr/bin/env bash
# Where a single-event request's CPU goes, thread by thread: starts `feedloop serve` (or the bare
# endpoint), warms it up, then over the measured window prints wrk's rate and latency, the server's
# CPU per request for each thread group (from /proc/PID/task/*/stat), voluntary and involuntary
# context switches per request, bytes written to storage per request (/proc/PID/io) and peak RSS.
# Per-thread CPU moves less from run to run than requests/s on shared cores, so compare variants by
# running them interleaved (A B A B) and reading both.
#
#   bench/ingest/threads.sh                       # ours, durability full
#   FEEDLOOP_DURABILITY=normal bench/ingest/threads.sh
#   MAIN=bare bench/ingest/threads.sh             # the bare endpoint on the same stack
#   bench/ingest/threads.sh -Xlog:gc:file=gc.log  # extra JVM options go to the server
#
# Knobs (environment): WARMUP (s, 30), DURATION (s, 20), CONNS (50), HEAP (-Xmx256m), MAIN (ours|bare).
# Requires the bench build (mvn -q -o -pl bench -am package -DskipTests), wrk, curl, python3.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/ingest"
# shellcheck source=lib.sh
. "$HERE/lib.sh"
CP="$ROOT/bench/target/feedloop-bench.jar:$ROOT/bench/target/lib/*"
WARMUP="${WARMUP:-30}"
DURATION="${DURATION:-20}"
CONNS="${CONNS:-50}"
HEAP="${HEAP:--Xmx256m}"
KEY="bench_$(date +%s)_key"
WORK="$(mktemp -d /tmp/feedloop-threads.XXXXXX)"
PID=""

cleanup() {
  if [ -n "$PID" ]; then
    kill "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get update && apt-get install -y wrk" >&2; exit 1; }
[ -f "$ROOT/bench/target/feedloop-bench.jar" ] \
  || { echo "build first: mvn -q -o -pl bench -am package -DskipTests" >&2; exit 1; }

case "${MAIN:-ours}" in
  ours) main=(dev.feedloop.cli.Main serve --db "$WORK/t.db" --port 0) ;;
  bare) main=(dev.feedloop.bench.ingest.BareServer --port 0) ;;
  *) echo "MAIN is ours or bare, got '$MAIN'" >&2; exit 1 ;;
esac
FEEDLOOP_API_KEY="$KEY" java $HEAP "$@" -cp "$CP" "${main[@]}" >"$WORK/server.out" 2>"$WORK/server.err" &
PID=$!
PORT="$(wait_port "the server" "$PID" "$WORK/server.out" "$WORK/server.err")" || exit 1

if [ "${MAIN:-ours}" = ours ]; then
  seed_body >"$WORK/seed.json"
  curl -sf -XPOST -H 'Content-Type: application/json' -H "Authorization: Bearer $KEY" \
    --data-binary @"$WORK/seed.json" "http://127.0.0.1:$PORT/v1/responses" >/dev/null
fi

echo "warming up for ${WARMUP}s..." >&2
wrk -t2 -c"$CONNS" -d"${WARMUP}s" -s "$HERE/single.lua" "http://127.0.0.1:$PORT" -- "w$$" "$KEY" 1 >/dev/null

# one line per thread: name|cpu ticks|voluntary switches|involuntary switches
snapshot() {
  local t
  for t in /proc/"$PID"/task/*; do
    printf '%s|%s|%s|%s\n' "$(cat "$t/comm")" "$(cpu_ticks "$t/stat")" \
      "$(awk '/^voluntary_ctxt/ {print $2}' "$t/status")" "$(awk '/^nonvoluntary_ctxt/ {print $2}' "$t/status")"
  done 2>/dev/null || true
}
written() { awk '/^write_bytes/ {print $2}' "/proc/$PID/io"; }

snapshot >"$WORK/t0"
w0="$(written)"
head -1 /proc/stat >"$WORK/stat0"
wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -s "$HERE/single.lua" "http://127.0.0.1:$PORT" -- "m$$" "$KEY" 1 \
  >"$WORK/wrk.txt"
snapshot >"$WORK/t1"
w1="$(written)"
head -1 /proc/stat >"$WORK/stat1"
requests="$(grep -oE '"requests":[0-9]+' "$WORK/wrk.txt" | cut -d: -f2)"

grep -E "Requests/sec| 50%| 99%" "$WORK/wrk.txt"
python3 - "$WORK/t0" "$WORK/t1" "$requests" "$(getconf CLK_TCK)" <<'PY'
import collections, re, sys

def load(path):
    groups = collections.defaultdict(lambda: [0, 0, 0])
    for line in open(path):
        name, *values = line.rstrip("\n").rsplit("|", 3)
        group = re.sub(r"[-#]?\d+$", "", name)  # feedloop-http-12 and feedloop-http-13 are one group
        for i, v in enumerate(values):
            groups[group][i] += int(v or 0)
    return groups

before, after = load(sys.argv[1]), load(sys.argv[2])
requests, hz = int(sys.argv[3]), int(sys.argv[4])
total = [0, 0, 0]
print(f"  {'thread group':28s} {'CPU us/req':>10s} {'vol cs/req':>10s} {'invol cs/req':>12s}")
for group in sorted(after, key=lambda g: before[g][0] - after[g][0]):
    d = [after[group][i] - before[group][i] for i in range(3)]
    if d[0] <= 0 and d[1] <= 0:
        continue
    total = [t + x for t, x in zip(total, d)]
    print(f"  {group:28s} {d[0] * 1e6 / hz / requests:10.1f} {d[1] / requests:10.2f} {d[2] / requests:12.2f}")
print(f"  {'total':28s} {total[0] * 1e6 / hz / requests:10.1f} {total[1] / requests:10.2f} {total[2] / requests:12.2f}")
PY
echo "  bytes written to storage per request: $(( (w1 - w0) / requests ))"
# the whole machine over the window: idle time the load left unused (waiting on flushes, for one)
paste -d' ' "$WORK/stat0" "$WORK/stat1" | awk '{
  n = (NF - 2) / 2; split("", d); total = 0
  for (i = 2; i <= n + 1 && i <= 9; i++) { d[i] = $(i + n + 1) - $i; total += d[i] }
  printf "  machine CPU: busy %.1f %%, idle %.1f %%, iowait %.1f %%, steal %.1f %%\n",
    100 * (total - d[5] - d[6]) / total, 100 * d[5] / total, 100 * d[6] / total, 100 * d[9] / total }'
echo "  peak RSS: $(awk '/^VmHWM/ {print $2}' "/proc/$PID/status") KiB"
