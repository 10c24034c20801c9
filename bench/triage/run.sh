#!/usr/bin/env bash
# Builds the bench module and runs the triage benchmarks (see the classes' javadoc).
#
#   bench/triage/run.sh quality [work-dir] [seed]           TriageQualityBench (default world, ~10 min cold)
#   bench/triage/run.sh scale [sizes] [modes] [work-dir]    TriageScaleBench (default 10000,30000,100000 cold,cached)
#   bench/triage/run.sh all                                 both, with their defaults
#   bench/triage/run.sh diagnose WORLD-DIR DB [from-day days]  TriageDiagnosis: where patterns are lost
#   bench/triage/run.sh embed-chunk WORLD-DIR [texts] [chunks] EmbedChunkBench: cold embedding by call size
#   bench/triage/run.sh keep-up [rate] [seconds] [warmup] [drain-limit] [batch]
#                                                           EmbedKeepUpBench: background embedder vs ingest (default 200/s, 300 s)
#
# Set NO_BUILD=1 to skip the Maven build. The heap is -Xmx2g, the budget the issue sets for 100k negatives.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ "${NO_BUILD:-0}" != 1 ]]; then
  mvn -q -o -pl bench -am package -DskipTests
fi
CP="bench/target/feedloop-bench.jar:bench/target/lib/*"
JAVA=(java -Xmx2g -cp "$CP")

what="${1:-all}"
[[ $# -gt 0 ]] && shift
case "$what" in
  quality) exec /usr/bin/time -v "${JAVA[@]}" dev.feedloop.bench.triage.TriageQualityBench "$@" ;;
  scale) exec /usr/bin/time -v "${JAVA[@]}" dev.feedloop.bench.triage.TriageScaleBench "$@" ;;
  diagnose) exec "${JAVA[@]}" dev.feedloop.bench.triage.TriageDiagnosis "$@" ;;
  embed-chunk) exec "${JAVA[@]}" dev.feedloop.bench.triage.EmbedChunkBench "$@" ;;
  keep-up) exec "${JAVA[@]}" dev.feedloop.bench.triage.EmbedKeepUpBench "$@" ;;
  all)
    "${JAVA[@]}" dev.feedloop.bench.triage.TriageQualityBench
    "${JAVA[@]}" dev.feedloop.bench.triage.TriageScaleBench
    ;;
  *) echo "usage: $0 quality|scale|all|diagnose|embed-chunk|keep-up [args]" >&2; exit 2 ;;
esac
