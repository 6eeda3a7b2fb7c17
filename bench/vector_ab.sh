#!/usr/bin/env bash
# A training step with the Java loops on the Vector API against the scalar loops (-Dearlyrank.vector=false), in
# separate JVMs alternated: bench/TwoTasks.java, one thread, STEPS timed minibatches of 128, ROUNDS pairs per
# architecture. BENCHMARKS.md, issue 19, round 8.
#   bash bench/vector_ab.sh 1000 2 '|none~0|+|skip_connect~0|none~1|+|none~0|conv_1x1~1|conv_1x1~2|'
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bin/common.sh
er_ensure_built
cp="$(er_classpath)"
steps=$1 rounds=$2
shift 2
for arch in "$@"; do
  for r in $(seq 1 "$rounds"); do
    for v in false true; do
      # shellcheck disable=SC2086
      res=$(java $JVM_FLAGS -Xmx8g -Dearlyrank.vector=$v -cp "$cp" bench/TwoTasks.java "$arch" 1 "$steps" 2>&1 | grep ms/step)
      echo "vector loops $v $arch $res"
    done
  done
done
