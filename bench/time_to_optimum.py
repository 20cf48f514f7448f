#!/usr/bin/python3
"""Time to the least-squares optimum: Descent's routes against scikit-learn's Ridge(cholesky) and SGDRegressor.

Generates n x d data (numpy seed 7, y = X b + 1 + noise; with --scaled, column j times 10^(j mod 7 - 3)),
writes it as a CSV file, and times each route in a fresh JVM on --cache'd data (Descent's train_seconds),
reporting the median, the spread and the loss's relative gap to numpy's lstsq optimum.

    /usr/bin/python3 bench/time_to_optimum.py --n 1000000 --d 32 [--scaled] [--repeats 5] [--dir /tmp/big]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np
from sklearn.linear_model import Ridge, SGDRegressor

DESCENT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "descent")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=1000000)
    p.add_argument("--d", type=int, default=32)
    p.add_argument("--scaled", action="store_true")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--dir", default="/tmp")
    args = p.parse_args()
    r = np.random.default_rng(7)
    x = r.standard_normal((args.n, args.d))
    y = x @ r.standard_normal(args.d) + 1 + r.standard_normal(args.n)
    if args.scaled:
        x = x * 10.0 ** (np.arange(args.d) % 7 - 3)
    csv = os.path.join(args.dir, "tto-seed7-%d-%d%s.csv" % (args.n, args.d, "-scaled" if args.scaled else ""))
    if not os.path.exists(csv):  # written whole or not at all, so that a killed run leaves no half file to reuse
        with open(csv + ".part", "w") as f:
            f.write(",".join(["x%d" % j for j in range(args.d)] + ["y"]) + "\n")
            np.savetxt(f, np.column_stack([x, y]), delimiter=",", fmt="%.17g")
        os.replace(csv + ".part", csv)
    a = np.column_stack([x, np.ones(args.n)])
    optimum = np.mean((a @ np.linalg.lstsq(a, y, rcond=None)[0] - y) ** 2)

    def descent(*options):
        out = subprocess.run([DESCENT, "fit", csv, "--target", "y", "--cache", "--format", "json", *options],
                             capture_output=True, text=True, check=True).stdout
        return json.loads(out)

    descent("--epochs", "0")  # writes the cache
    rows = []
    for name, options in [("Descent --solver auto", ["--solver", "auto"]),
                          ("Descent --solver normal", ["--solver", "normal"]),
                          ("Descent lbfgs", ["--optimizer", "lbfgs", "--epochs", "200", "--tol", "1e-12"]),
                          ("Descent lbfgs --standardize", ["--optimizer", "lbfgs", "--epochs", "200", "--tol", "1e-12",
                                                           "--standardize"])]:
        fits = [descent(*options) for _ in range(args.repeats)]
        seconds = [f["train_seconds"] for f in fits]
        gap = max(abs(f["loss"] - optimum) / optimum for f in fits)
        rows.append((name, statistics.median(seconds), min(seconds), max(seconds), gap))
    for name, make, repeats in [("Ridge(cholesky)", lambda: Ridge(alpha=1e-8, solver="cholesky"), args.repeats),
                                ("SGDRegressor, own stop", lambda: SGDRegressor(penalty=None), 1)]:
        seconds = []
        for _ in range(repeats):
            start = time.perf_counter()
            model = make().fit(x, y)
            seconds.append(time.perf_counter() - start)
        gap = abs(np.mean((model.predict(x) - y) ** 2) - optimum) / optimum
        rows.append((name, statistics.median(seconds), min(seconds), max(seconds), gap))
    print("%d x %d%s, optimum MSE %.17g" % (args.n, args.d, ", scaled features" if args.scaled else "", optimum))
    for row in rows:
        print("%-30s %9.4f s (%.4f-%.4f)  gap %.1e" % row)


if __name__ == "__main__":
    sys.exit(main())
