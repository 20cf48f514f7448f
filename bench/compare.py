#!/usr/bin/python3
"""Descent side by side with the Python tools people reach for, on the same machine in one run.

Usage (from the repository root; needs Debian's python3-numpy, python3-sklearn, python3-pandas):
    /usr/bin/python3 bench/compare.py [--n 1000000] [--d 32] [--repeats 7] [--load | --float] [--json FILE]

It generates an n x d data set, then times:
  * one full-batch gradient epoch: numpy (X @ w, then X.T @ r: two reads of X) against
    `descent bench` (one fused pass on every core), both beside the floor that `descent bench`
    measures in the same run (the bytes of X over this machine's read bandwidth);
  * one epoch of scikit-learn's SGDRegressor, and its fastest exact solver, Ridge(solver='cholesky');
  * with --load, reading the data as CSV: numpy.loadtxt and pandas.read_csv against `descent fit
    --epochs 0` (its load_seconds), and how far pandas' default parser is from the exact values
    (Descent's reader is exact to the bit; ParallelCsvReadTest checks that);
  * with --load, Descent's L-BFGS to the optimum, against Ridge and SGDRegressor's own stopping point.
With --float, X is rounded to float32 and only the epoch is compared: `descent bench --float` (which
widens each value and accumulates in double) against numpy on float32 arrays (which accumulates in
float32), beside the floor of the float bytes.
Every figure is a median over --repeats runs; the ratios are against Descent in this same run.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np


def median_time(action, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def descent(*args):
    out = subprocess.run(["./descent", *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--d", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--load", action="store_true", help="also compare reading the data as CSV")
    parser.add_argument("--float", action="store_true", help="compare the epoch on float32 features only")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if args.float and args.load:
        parser.error("--float compares the epoch only; run --load without it")
    n, d, repeats = args.n, args.d, args.repeats

    rng = np.random.default_rng(42)
    x = rng.uniform(-1, 1, (n, d))
    w_true = rng.uniform(-1, 1, d)
    y = x @ w_true + 0.1 * rng.uniform(-1, 1, n)
    w = np.zeros(d)
    b = 0.0
    if args.float:  # float32 throughout, so that numpy neither widens X nor copies it
        x, y, w, b = x.astype(np.float32), y.astype(np.float32), w.astype(np.float32), np.float32(0)
    rows = []

    bench = descent("bench", "--n", str(n), "--d", str(d), "--repeats", str(max(repeats, 5)), "--format", "json",
                    *(["--float"] if args.float else []))
    floor = bench["floor_seconds"]
    rows.append(("floor: bytes of X / read bandwidth", "descent bench", floor, floor, floor))
    rows.append(("gradient epoch", "Descent (fused, %d threads)" % bench["threads"], bench["epoch_seconds"],
                 bench["epoch_seconds_min"], bench["epoch_seconds_max"]))

    def numpy_epoch():
        r = x @ w + b - y
        g = (2.0 / n) * (x.T @ r)
        return g, 2.0 / n * r.sum(), r @ r / n

    rows.append(("gradient epoch", "numpy (X @ w, X.T @ r)%s" % (", float32" if args.float else ""),
                 *median_time(numpy_epoch, repeats)))
    if not args.float:
        peers(rows, x, y, repeats, args.load)
    report(rows, bench, n, d, floor, args)


def peers(rows, x, y, repeats, load):
    """scikit-learn's SGD epoch and solvers and, with load, reading CSV and Descent's L-BFGS."""
    d = x.shape[1]

    from sklearn.linear_model import Ridge, SGDRegressor
    import warnings
    from sklearn.exceptions import ConvergenceWarning
    warnings.simplefilter("ignore", ConvergenceWarning)
    rows.append(("SGD epoch (vs Descent's full-batch epoch)", "scikit-learn SGDRegressor(max_iter=1)",
                 *median_time(lambda: SGDRegressor(max_iter=1, tol=None, penalty=None).fit(x, y), max(1, repeats // 2))))
    rows.append(("to the optimum", "scikit-learn Ridge(solver='cholesky')",
                 *median_time(lambda: Ridge(alpha=1e-8, solver="cholesky").fit(x, y), repeats)))
    rows.append(("to the optimum", "scikit-learn SGDRegressor (own stop)",
                 *median_time(lambda: SGDRegressor(penalty=None).fit(x, y), 1)))

    if load:
        import pandas as pd
        with tempfile.TemporaryDirectory() as tmp:
            csv = os.path.join(tmp, "data.csv")
            header = ",".join(["x%d" % j for j in range(d)] + ["y"])
            with open(csv, "w") as f:  # repr: the shortest text that reads back to the same double
                f.write(header + "\n")
                for row, target in zip(x, y):
                    f.write(",".join(map(repr, row.tolist())) + "," + repr(float(target)) + "\n")
            size = os.path.getsize(csv)
            loads = []
            for _ in range(repeats):
                loads.append(descent("fit", csv, "--target", "y", "--epochs", "0", "--format", "json")["load_seconds"])
            rows.append(("load CSV (%.0f MB)" % (size / 1e6), "Descent", statistics.median(loads), min(loads), max(loads)))
            rows.append(("load CSV (%.0f MB)" % (size / 1e6), "numpy.loadtxt",
                         *median_time(lambda: np.loadtxt(csv, delimiter=",", skiprows=1), max(1, repeats // 2))))
            rows.append(("load CSV (%.0f MB)" % (size / 1e6), "pandas.read_csv",
                         *median_time(lambda: pd.read_csv(csv), repeats)))
            fits = [descent("fit", csv, "--target", "y", "--optimizer", "lbfgs", "--epochs", "100", "--tol", "1e-12",
                            "--format", "json") for _ in range(max(1, repeats // 2))]
            seconds = [f["train_seconds"] for f in fits]
            gap = max((f["loss"] - f["optimum_loss"]) / f["optimum_loss"] for f in fits)
            rows.append(("to the optimum", "Descent L-BFGS (gap %.1e)" % gap, statistics.median(seconds), min(seconds),
                         max(seconds)))
            exact = pd.read_csv(csv, float_precision="round_trip").to_numpy()
            default = pd.read_csv(csv).to_numpy()
            ulps = np.abs(default.view(np.int64) - exact.view(np.int64)).max()
            print("pandas' default parser is off by up to %d ulp on this file (round_trip is exact)" % ulps)


def report(rows, bench, n, d, floor, args):
    descent_epoch = bench["epoch_seconds"]
    print("%d x %d %s (%.0f MB), read bandwidth %.1f GB/s, floor %.2f ms" % (
        n, d, bench["storage"], bench["bytes"] / 1e6, bench["bandwidth_gbs"], floor * 1e3))
    print("%-42s %-40s %12s %12s %12s" % ("task", "tool", "median s", "spread s", "vs Descent"))
    def descent_row(task):
        return next((r[2] for r in rows if r[0] == task and r[1].startswith("Descent")), None)

    for task, tool, med, lo, hi in rows:
        base = descent_epoch if task.startswith("SGD epoch") else descent_row(task)
        ratio = "" if base is None else "%.1fx" % (med / base)
        print("%-42s %-40s %12.4g %12s %12s" % (task, tool, med, "%.3g-%.3g" % (lo, hi), ratio))
    print("ratio of Descent's epoch to the floor: %.2f" % (descent_epoch / floor))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"n": n, "d": d, "bench": bench, "rows": [dict(zip(
                ["task", "tool", "median_seconds", "min_seconds", "max_seconds"], r)) for r in rows]}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
