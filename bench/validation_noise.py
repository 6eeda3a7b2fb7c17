#!/usr/bin/python3
"""How large the validation split must be: binomial noise of an accuracy measured on n images against the
spread of final accuracies between a sweep's architectures, and the Kendall tau that two such measurements
of the same runs can reach (the noise ceiling of validation accuracy against the test truth).

  bin/earlyrank export --sweep out/default --table runs --output runs.csv
  /usr/bin/python3 bench/validation_noise.py runs.csv [--test-images 10000] [--sizes 1000,2000,5000,10000]

Reads final_test_acc of the ok runs as each architecture's accuracy. Those carry their own binomial noise
(runs.test_images images each; --measured-on for sweeps without that column), so the spread is corrected
for it (the robust variance minus the mean binomial variance) and the accuracies are shrunk toward their
median by the same factor before the simulation. Then for each validation size n:
the binomial standard deviation sqrt(p (1 - p) / n) at the median accuracy, its ratio to the spread (the
robust standard deviation IQR / 1.349 of the runs' accuracies, which a broken all-zero cell cannot
inflate, and the plain one), and the mean Kendall tau-b between two simulated measurements of the same runs, one on n
validation images and one on --test-images test images (1,000 draws, seed 1). Prints a Markdown table.
Standard library only (Debian's python3, no pandas).
"""
import argparse
import csv
import math
import random
import statistics


def kendall_tau_b(x, y):
    conc = disc = tx = ty = 0
    n = len(x)
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = x[i] - x[j], y[i] - y[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                tx += 1
            elif dy == 0:
                ty += 1
            elif (dx > 0) == (dy > 0):
                conc += 1
            else:
                disc += 1
    denom = math.sqrt((conc + disc + tx) * (conc + disc + ty))
    return (conc - disc) / denom if denom else float("nan")


def binomial(rng, n, p):
    """Successes of n trials with probability p (normal approximation; n >= 500 here)."""
    return min(n, max(0, round(rng.gauss(n * p, math.sqrt(n * p * (1 - p)))))) / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("runs_csv")
    ap.add_argument("--test-images", type=int, default=10000)
    ap.add_argument("--sizes", default="1000,2000,2500,5000,10000")
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--measured-on", type=int, default=1000,
                    help="test images of final_test_acc when the runs table has no test_images column")
    a = ap.parse_args()
    with open(a.runs_csv, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["status"] == "ok" and r["final_test_acc"] not in ("", None)]
    observed = [float(r["final_test_acc"]) for r in rows]
    measured = [int(r["test_images"]) if r.get("test_images") else a.measured_on for r in rows]
    noise_var = statistics.mean(t * (1 - t) / m for t, m in zip(observed, measured))
    centre = statistics.median(observed)
    q = statistics.quantiles(observed, n=4)
    obs_robust = (q[2] - q[0]) / 1.349
    shrink = math.sqrt(max(0.0, obs_robust ** 2 - noise_var)) / obs_robust
    acc = [centre + shrink * (t - centre) for t in observed]
    q = statistics.quantiles(acc, n=4)
    sd, robust = statistics.stdev(acc), (q[2] - q[0]) / 1.349
    p = statistics.median(acc)
    print(f"{len(acc)} ok runs, final_test_acc measured on {min(measured)}-{max(measured)} images: observed robust "
          f"sd (IQR / 1.349) {obs_robust:.4f}; less its own binomial noise: spread between architectures {robust:.4f} "
          f"(sd {sd:.4f} with every run); median accuracy {p:.4f}; simulated test on {a.test_images} images\n")
    print("| validation images | binomial sd | sd / robust spread | sd / spread (every run) | expected tau(val, test) |")
    print("|---|---|---|---|---|")
    rng = random.Random(1)
    for n in (int(s) for s in a.sizes.split(",")):
        taus = []
        for _ in range(a.draws):
            val = [binomial(rng, n, t) for t in acc]
            test = [binomial(rng, a.test_images, t) for t in acc]
            taus.append(kendall_tau_b(val, test))
        b = math.sqrt(p * (1 - p) / n)
        print(f"| {n} | {b:.4f} | {b / robust:.2f} | {b / sd:.2f} | {statistics.mean(taus):.3f} |")


if __name__ == "__main__":
    main()
