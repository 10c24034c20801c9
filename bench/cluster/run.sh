#!/usr/bin/env bash
# Builds the server and the bench, then runs the clustering benchmarks.
#   bench/cluster/run.sh                 everything (quality, few, calibrate, embed, scale)
#   bench/cluster/run.sh quality|cut|few|calibrate|embed|scale
# Vectors are cached in bench/target/vectors (delete it to re-embed). Data: /work/shared/data,
# or -Dfeedloop.data=DIR through JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -q -o -pl feedloop-server -am install -DskipTests
  mvn -q -o -pl bench package -DskipTests
fi
CP="bench/target/feedloop-bench.jar:bench/target/lib/*"
run() { java -Xmx2g ${JAVA_OPTS:-} -cp "$CP" dev.feedloop.bench.cluster.ClusterBench "$@" 2> >(grep -v -E ' (DEBUG|INFO|WARN) ' >&2); }
what="${1:-all}"
case "$what" in
  quality|all)
    run quality banking77,hwu64,stackoverflow20 bge-small-en-v1.5-q,all-minilm-l6-v2-q
    run quality banking77 bge-small-en-v1.5-q sweep ;;&
  cut|all) run cut ;;&
  few|all) run few ;;&
  calibrate|all) run calibrate bge-small-en-v1.5-q; run calibrate all-minilm-l6-v2-q ;;&
  embed|all) run embed ;;&
  scale|all)
    run scale-header
    for n in 10000 30000 100000; do run scale "$n"; done ;;
  quality|cut|few|calibrate|embed) ;;
  *) echo "unknown benchmark '$what'; use quality, cut, few, calibrate, embed, scale or nothing for all" >&2; exit 2 ;;
esac
