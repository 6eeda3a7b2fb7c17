#!/usr/bin/env python3
"""Issue 24: did the estimators' rank correlations change with the recipe (and the truth)?
Old taus from the pre-recipe baseline sweep's report page (32 runs, truth on 1,000 test images); new taus
computed here from the exported default sweep, on the same 32 architectures and on all 48.
Usage: bench/tau_change.py OLD_REPORT_HTML N_OLD_RUNS NEW_EXPORT_DIR
  (NEW_EXPORT_DIR from `bin/earlyrank export --sweep S --table runs --table estimates --output DIR`;
  the first N_OLD_RUNS run ids of both sweeps are the same architectures, RunSampler drawing them in order.)"""
import csv, re, sys, itertools, math
old_html, n_old, new_dir = sys.argv[1:4]
s = open(old_html).read()
s = s[s.find('<h2>Metrics'):]
s = s[:s.find('</table>')]
old = {}
for tr in re.findall(r'<tr>(.*?)</tr>', s):
    td = [re.sub('<.*?>', '', x) for x in re.findall(r'<td[^>]*>(.*?)</td>', tr)]
    if len(td) > 4: old[(td[2], int(td[0]))] = float(td[4].split()[0]) if td[4][0] in '-0123456789' else None
def taub(x, y):
    c = d = tx = ty = 0
    for i, j in itertools.combinations(range(len(x)), 2):
        a = (x[i] > x[j]) - (x[i] < x[j]); b = (y[i] > y[j]) - (y[i] < y[j])
        if a == 0 and b == 0: continue
        if a == 0: tx += 1
        elif b == 0: ty += 1
        elif a == b: c += 1
        else: d += 1
    den = math.sqrt((c + d + tx) * (c + d + ty)); return (c - d) / den if den else float('nan')
runs = {r['run_id']: r for r in csv.DictReader(open(f'{new_dir}/runs.csv')) if r['status'] == 'ok'}
est = {}
for r in csv.DictReader(open(f'{new_dir}/estimates.csv')):
    if r['score'] not in ('', 'NaN'): est.setdefault((r['estimator'], int(r['budget_epoch'])), {})[r['run_id']] = float(r['score'])
common = [k for k in runs if int(k[1:]) < int(n_old)]  # the first N run ids: the same architectures (RunSampler draws them in order from the seed)
print(f'{len(common)} of the default sweep\'s {len(runs)} runs share their architecture with the baseline\'s 32\n')
print('| estimator | epochs | tau before (32 runs, old recipe and truth) | tau now, same 32 architectures | change | tau now, 48 runs |')
print('|---|---|---|---|---|---|')
for (e, b), t_old in sorted(old.items(), key=lambda kv: (kv[0][1], kv[0][0])):
    if (e, b) not in est or t_old is None: continue
    sc = est[(e, b)]
    def tau(ids):
        ids = [i for i in ids if i in sc]
        return taub([sc[i] for i in ids], [float(runs[i]['final_test_acc']) for i in ids])
    t32 = tau(common); t48 = tau(runs)
    print(f'| {e} | {b} | {t_old:.3f} | {t32:.3f} | {t32 - t_old:+.3f} | {t48:.3f} |')
