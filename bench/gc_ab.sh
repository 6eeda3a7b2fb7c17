#!/usr/bin/env bash
# The garbage collector's effect on training: bench/TrainingPasses.java (bin/bench's comparison passes without
# the peer: 32 architectures x 2 epochs on 2 threads, a cold then a warm pass) in one JVM per setting, ROUNDS
# rounds alternated, with each JVM's collection pauses (count, total, longest). BENCHMARKS.md, issue 19, round 9.
#   bash bench/gc_ab.sh 2 "-XX:+UseG1GC" "-XX:+UseParallelGC" "-XX:+UseParallelGC -XX:MaxNewSize=512m"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bin/common.sh
er_ensure_datasets
er_ensure_built
cp="$(er_classpath)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
rounds=$1
shift
for r in $(seq 1 "$rounds"); do
  for opts in "$@"; do
    # shellcheck disable=SC2086
    java $JVM_FLAGS $opts -Xmx8g -Xlog:gc:file="$log" -cp "$cp" bench/TrainingPasses.java 2>&1 | grep pass: \
      | sed "s/^/[$opts] round $r, /"
    grep -oE "Pause .*[0-9.]+ms$" "$log" | grep -oE "[0-9.]+ms$" | tr -d ms | sort -n \
      | awk -v o="$opts" '{n++; s+=$1; m=$1} END {printf "[%s] pauses: %d, %.2f s in all, longest %.0f ms\n", o, n, s/1000, m}'
  done
done
