#!/usr/bin/env bash
# Issue 22's comparison: nu-SVR, LCE, BNN and last-seen (fit-svr's svr_fits at 10/25/50/75% of the curve, 10
# repeats) and LCE's stopping rule against nu-SVR's (early_stopping), on seeded samples of both bundled curve
# sets (LCE fits every run at every fraction by MCMC, about 2 s of one core per fit here, so the whole sets
# would take hours on 2 cores).
#   bench/curve_baselines.sh OUT_DIR [METAQNN_RUNS] [RESNET_RUNS]     (defaults 200 and 120)
set -euo pipefail
out="$1"; n_mq="${2:-200}"; n_rn="${3:-120}"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p "$out"
for spec in "metaqnn_svhn:$n_mq" "deep_resnets_cifar10:$n_rn"; do
  name="${spec%%:*}" n="${spec##*:}" s="${spec%%:*}_s${spec##*:}"
  python3 - "data/curves/$name.csv" "$n" "$out/$s.csv" <<'PY'
import random, sys
src, n, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lines = open(src).read().splitlines()
pick = sorted(random.Random(42).sample(range(len(lines) - 1), n))
open(dst, 'w').write('\n'.join([lines[0]] + [lines[1 + i] for i in pick]) + '\n')
PY
  t0=$(date +%s)
  bin/earlyrank import-curves --csv "$out/$s.csv" --curve-prefix acc_ --sweep-id "$s" --out "$out" --overwrite >/dev/null
  bin/earlyrank fit-svr --sweep "$out/$s" --set fit-svr.models=nu-svr-rbf,last-seen,lce,bnn > "$out/$s-fit.log" 2>&1
  echo "$s: fit-svr $(( $(date +%s) - t0 )) s wall, load $(cut -d' ' -f1-3 /proc/loadavg)"
  bin/earlyrank export --sweep "$out/$s" --table svr_fits --table early_stopping --output "$out/$s-export" >/dev/null
done
