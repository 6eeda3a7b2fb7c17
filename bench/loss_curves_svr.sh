#!/usr/bin/env bash
# fit-svr on a trained sweep's own validation-loss curves (real cross-entropy, lower is better), with the log
# target transform and without (issue 21's substitute while no perplexity curve set is packaged).
#   bench/loss_curves_svr.sh SWEEP_DIR OUT_DIR     e.g. bench/loss_curves_svr.sh out/d48/default out/l21
set -euo pipefail
sweep="$1"; out="$2"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p "$out"
bin/earlyrank export --sweep "$sweep" --table curves --columns run_id,epoch,val_loss --output "$out/curves.csv" >/dev/null
python3 - "$out" <<'PY'
import csv, collections, sys
out = sys.argv[1]
c = collections.defaultdict(dict)
for r in csv.DictReader(open(f'{out}/curves.csv')):
    if r['val_loss'] and int(r['epoch']) >= 1: c[r['run_id']][int(r['epoch'])] = float(r['val_loss'])
T = max(max(v) for v in c.values())
rows = [(k, v) for k, v in sorted(c.items()) if len(v) == T]
with open(f'{out}/loss.csv', 'w') as f:
    f.write('arch,' + ','.join(f'loss_{e}' for e in range(1, T + 1)) + '\n')
    for k, v in rows: f.write(k + ',' + ','.join(repr(v[e]) for e in range(1, T + 1)) + '\n')
print(len(rows), 'runs x', T, 'epochs')
PY
bin/earlyrank import-curves --csv "$out/loss.csv" --curve-prefix loss_ --metric loss --arch-column arch \
  --sweep-id loss --out "$out" --overwrite >/dev/null
for t in auto none; do
  rm -rf "${out:?}/$t" && cp -r "$out/loss" "$out/$t"
  bin/earlyrank fit-svr --sweep "$out/$t" --set fit-svr.target_transform=$t >/dev/null
  bin/earlyrank export --sweep "$out/$t" --table svr_fits --output "$out/svr_fits-$t.csv" >/dev/null
done
echo "svr_fits with the log transform: $out/svr_fits-auto.csv; without: $out/svr_fits-none.csv"
