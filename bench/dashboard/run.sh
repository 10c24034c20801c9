#!/usr/bin/env bash
# Builds the bench module and times the dashboard's pages on a store of 1M responses / 50k negatives.
#
#   bench/dashboard/run.sh [work-dir] [responses] [negatives] [timed]
#
# The store is built once in work-dir (reused by later runs). NO_BUILD=1 skips the Maven build.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${NO_BUILD:-0}" != 1 ]]; then
  mvn -q -o -pl bench -am package -DskipTests
fi
exec java -Xmx1g -cp "bench/target/feedloop-bench.jar:bench/target/lib/*" \
  dev.feedloop.bench.dashboard.DashboardBench "${1:-/tmp/feedloop-dashboard-bench}" "${@:2}"
