#!/usr/bin/env bash
# Builds the bench module and runs the triage benchmarks (see the classes' javadoc).
#
#   bench/triage/run.sh quality [work-dir] [seed]           TriageQualityBench (default world, ~10 min cold)
#   bench/triage/run.sh scale [sizes] [modes] [work-dir]    TriageScaleBench (default 10000,30000,100000 cold,cached)
#   bench/triage/run.sh all                                 both, with their defaults
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
  all)
    "${JAVA[@]}" dev.feedloop.bench.triage.TriageQualityBench
    "${JAVA[@]}" dev.feedloop.bench.triage.TriageScaleBench
    ;;
  *) echo "usage: $0 quality|scale|all [args]" >&2; exit 2 ;;
esac
