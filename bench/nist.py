#!/usr/bin/env python3
"""Issue 14's accuracy target: NIST StRD's 27 nonlinear regression problems, from both official
starting points, fitted from the command line (`descent fit --model ... --optimizer lm`, a fresh JVM
each, timed whole) and, when scipy is installed, by scipy.optimize.least_squares with its default
finite-difference Jacobian, side by side: method 'lm' (MINPACK) with every tolerance at 1e-15, its
best here (its defaults, 1e-8, stop sooner: 15 of 27 sets at 6 digits). Digits are NIST's log relative error, the worst over the
parameters (at most 15); Nelson's target is log(y), as its certified values are.

    /usr/bin/python3 bench/nist.py [--data descent-core/src/test/resources/nls]
"""
import argparse
import csv
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def digits(estimate, certified):
    worst = 15.0
    for e, c in zip(estimate, certified):
        error = abs(e - c) / abs(c)
        worst = min(worst, 15.0 if error == 0 else -math.log10(error))
    return worst


def read(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    return {k: [float(r[k]) for r in rows] for k in rows[0]}


def descent(set_, data, start):
    init = ",".join(f"{p}={v}" for p, v in zip(set_["params"], set_[start + "_text"]))
    began = time.perf_counter()
    run = subprocess.run([os.path.join(ROOT, "descent"), "fit", data, "--target", "y", "--model", set_["formula"],
                          "--init", init, "--optimizer", "lm", "--format", "json"], capture_output=True, text=True)
    seconds = time.perf_counter() - began
    if run.returncode != 0:
        return None, seconds, run.stderr.strip()
    params = json.loads(run.stdout)["params"]
    return [params[p] for p in set_["params"]], seconds, ""


def scipy_fit(set_, columns, start):
    import numpy as np
    from scipy.optimize import least_squares
    names = {p: i for i, p in enumerate(set_["params"])}
    expression = set_["formula"].replace("^", "**")
    env = {"exp": np.exp, "sin": np.sin, "cos": np.cos, "atan": np.arctan, "log": np.log}
    xs = {k: np.array(v) for k, v in columns.items() if k != "y"}
    y = np.array(columns["y"])
    code = compile(expression, "formula", "eval")

    def residuals(b):
        scope = dict(env, **xs, **{p: b[i] for p, i in names.items()})
        with np.errstate(all="ignore"):
            return eval(code, scope) - y

    try:
        return list(least_squares(residuals, np.array(set_[start], dtype=float), method="lm", ftol=1e-15, xtol=1e-15,
                                  gtol=1e-15).x)
    except Exception:  # a start where the residuals are not finite
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=os.path.join(ROOT, "descent-core", "src", "test", "resources", "nls"))
    args = parser.parse_args()
    with open(os.path.join(args.data, "certified.json")) as f:
        sets = {k: v for k, v in json.load(f).items() if not k.startswith("_")}
    try:
        import scipy  # noqa: F401
        have_scipy = True
    except ImportError:
        have_scipy = False
    tmp = tempfile.mkdtemp()
    print(f"{'set':<10} {'descent start1':>14} {'start2':>7} {'seconds':>8}" + ("   scipy start1  start2" if have_scipy else ""))
    outcome = {"descent": {"start1": [], "start2": []}, "scipy": {"start1": [], "start2": []}}
    seconds = []
    for name, set_ in sets.items():
        path = os.path.join(args.data, set_["file"])
        columns = read(path)
        if name == "Nelson":  # certified for log(y)
            columns["y"] = [math.log(v) for v in columns["y"]]
            path = os.path.join(tmp, "nelson-log.csv")
            with open(path, "w") as f:
                keys = list(columns)
                f.write(",".join(keys) + "\n")
                for i in range(len(columns["y"])):
                    f.write(",".join(repr(columns[k][i]) for k in keys) + "\n")
        row = f"{name:<10}"
        for start in ("start1", "start2"):
            estimate, took, error = descent(set_, path, start)
            seconds.append(took)
            d = -99.0 if estimate is None else digits(estimate, set_["certified_params"])
            outcome["descent"][start].append(d)
            row += f" {d:>{14 if start == 'start1' else 7}.1f}"
        row += f" {statistics.median(seconds[-2:]):>8.2f}"
        if have_scipy:
            for start in ("start1", "start2"):
                estimate = scipy_fit(set_, columns, start)
                d = -99.0 if estimate is None else digits(estimate, set_["certified_params"])
                outcome["scipy"][start].append(d)
                row += f" {d:>{14 if start == 'start1' else 7}.1f}"
        print(row, flush=True)

    def summary(tool):
        s1, s2 = outcome[tool]["start1"], outcome[tool]["start2"]
        both = s1 + s2
        return (f"{tool}: at least 6 digits from start 2 on {sum(d >= 6 for d in s2)}/27, from start 1 on "
                f"{sum(d >= 6 for d in s1)}/27; median from start 2 {statistics.median(s2):.1f}, from start 1 "
                f"{statistics.median(s1):.1f}; worst {min(both):.1f}")

    print()
    print(summary("descent"))
    if have_scipy:
        print(summary("scipy"))
    print(f"descent fit from the command line, JVM start included: median {statistics.median(seconds):.2f} s, "
          f"slowest {max(seconds):.2f} s")


if __name__ == "__main__":
    sys.exit(main())
