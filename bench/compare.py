#!/usr/bin/python3
"""Descent side by side with the Python tools people reach for, on the same machine in one run.

Usage (from the repository root; needs Debian's python3-numpy, python3-sklearn, python3-pandas):
    /usr/bin/python3 bench/compare.py [--n 1000000] [--d 32] [--repeats 7] [--load] [--peers] [--json FILE]
    /usr/bin/python3 bench/compare.py [--n 1000000] [--d 32] [--repeats 7] --float

It generates an n x d data set, then times:
  * one full-batch gradient epoch: numpy (X @ w, then X.T @ r: two reads of X) against
    `descent bench` (one fused pass on every core), both beside the floor that `descent bench`
    measures in the same run (the bytes of X over this machine's read bandwidth);
  * one epoch of scikit-learn's SGDRegressor, and its fastest exact solver, Ridge(solver='cholesky');
  * with --load, reading the data as CSV: numpy.loadtxt and pandas.read_csv against `descent fit
    --epochs 0` (its load_seconds), and how far pandas' default parser is from the exact values
    (Descent's reader is exact to the bit; ParallelCsvReadTest checks that);
  * with --load, Descent's L-BFGS to the optimum, against Ridge and SGDRegressor's own stopping point;
  * with --peers, Tribuo's linear SGD and Spark MLlib (local[*]): the descent-peers jar, built with
    `./mvnw -B -Ppeers -pl descent-peers package`, reads the same data from a binary file and times
    only the fitting (not the JVM's start, Spark's session, or turning the data into each library's
    own form). Every "to the optimum" row then gives its loss's gap to the exact optimum (numpy's
    lstsq), relative: Tribuo and SGD stop where their rules say, far from it.
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


ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def descent(*args):
    run = subprocess.run([os.path.join(ROOT, "descent"), *args], capture_output=True, text=True)
    if run.returncode != 0:  # Descent's own one-line message, not a traceback
        sys.exit("compare.py: descent %s failed: %s" % (args[0], run.stderr.strip()))
    return json.loads(run.stdout)


PEERS_JAR = os.path.join(ROOT, "descent-peers", "target", "descent-peers.jar")


def jvm_peers(x, y, repeats):
    """Tribuo and Spark MLlib, each in its own JVM, on x and y written as little-endian doubles.

    Returns the descent-peers jar's rows: per timed configuration its seconds, and the weights and bias
    of its last fit, from which the caller computes the loss the same way for every tool."""
    if not os.path.exists(PEERS_JAR):
        sys.exit("compare.py: %s is missing; build it with: ./mvnw -B -Ppeers -pl descent-peers package" % PEERS_JAR)
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    n, d = x.shape
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data.bin")
        with open(data, "wb") as f:  # the features row by row, then the targets
            x.astype("<f8").tofile(f)
            y.astype("<f8").tofile(f)
        for peer in ("tribuo", "spark"):
            run = subprocess.run([java, "-jar", PEERS_JAR, peer, data, str(n), str(d), str(repeats)],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit("compare.py: the %s run failed:\n%s" % (peer, run.stderr))
            result = json.loads(run.stdout)
            print("%s ran on Java %s" % (peer, result["java"]))
            rows += result["rows"]
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--d", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--load", action="store_true", help="also compare reading the data as CSV")
    parser.add_argument("--float", action="store_true", help="compare the epoch on float32 features only")
    parser.add_argument("--peers", action="store_true", help="also time Tribuo and Spark MLlib (" + PEERS_JAR + ")")
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

    if args.peers or args.load:  # the exact optimum's mean squared error (the bias as a column of ones), for the gaps
        design = np.hstack([x, np.ones((n, 1))])
        optimum_loss = np.mean((design @ np.linalg.lstsq(design, y, rcond=None)[0] - y) ** 2)
        del design

    def gap(weights, bias):
        """The mean squared error's gap to the exact optimum, relative."""
        return (np.mean((x @ np.asarray(weights) + bias - y) ** 2) - optimum_loss) / optimum_loss

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
        python_peers(rows, x, y, repeats, args, gap)
    report(rows, bench, n, d, floor, args)


def python_peers(rows, x, y, repeats, args, gap):
    """scikit-learn's SGD epoch and solvers; with --peers, Tribuo and Spark; with --load, reading CSV and Descent's
    L-BFGS and --solver auto.

    gap(weights, bias) is a fit's loss gap to the exact optimum, relative (with --peers or --load)."""
    d = x.shape[1]

    from sklearn.linear_model import Ridge, SGDRegressor
    import warnings
    from sklearn.exceptions import ConvergenceWarning
    warnings.simplefilter("ignore", ConvergenceWarning)
    rows.append(("SGD epoch (vs Descent's full-batch epoch)", "scikit-learn SGDRegressor(max_iter=1)",
                 *median_time(lambda: SGDRegressor(max_iter=1, tol=None, penalty=None).fit(x, y), max(1, repeats // 2))))
    rows.append(("to the optimum", "scikit-learn Ridge(solver='cholesky')",
                 *median_time(lambda: Ridge(alpha=1e-8, solver="cholesky").fit(x, y), repeats)))
    sgd = []
    sgd_time = median_time(lambda: sgd.append(SGDRegressor(penalty=None).fit(x, y)), 1)
    sgd_gap = ", gap %.1e" % gap(sgd[0].coef_, sgd[0].intercept_[0]) if args.peers or args.load else ""
    rows.append(("to the optimum", "scikit-learn SGDRegressor (own stop%s)" % sgd_gap, *sgd_time))

    if args.peers:
        peer_rows = jvm_peers(x, y, repeats)
        for row in peer_rows:
            seconds = row["seconds"]
            med, lo, hi = statistics.median(seconds), min(seconds), max(seconds)
            if row["task"] == "gd_iteration":
                # One full-batch gradient step over all rows per iteration: the work of Descent's epoch.
                k = row["iterations"]
                rows.append(("gradient epoch", "%s (per iteration of %d)" % (row["tool"], k), med / k, lo / k, hi / k))
            elif row["task"] == "sgd_epoch":
                rows.append(("SGD epoch (vs Descent's full-batch epoch)", row["tool"] + " (whole call)", med, lo, hi))
            else:
                unit = "epochs" if row["tool"].startswith("Tribuo") else "iterations"
                passes = "%d %s" % (row["iterations"], unit) if row["iterations"] else "1 pass"
                rows.append(("to the optimum", "%s, %s (gap %.1e)" % (row["tool"], passes, gap(row["weights"], row["bias"])),
                             med, lo, hi))
        # Tribuo's train() first copies every example into its own vectors, once per call: what each
        # further epoch costs is the difference between its calls of 5 epochs and of 1, per epoch.
        tribuo = {row["task"]: row for row in peer_rows if row["tool"].startswith("Tribuo")}
        one, full = (statistics.median(tribuo[task]["seconds"]) for task in ("sgd_epoch", "to_stop"))
        per_epoch = (full - one) / (tribuo["to_stop"]["iterations"] - 1)
        if per_epoch <= 0:  # on tiny data the two calls' times are all overhead and noise: nothing to report
            per_epoch = None
        rows.append(("SGD epoch (vs Descent's full-batch epoch)", "Tribuo, each further epoch (from the medians)",
                     per_epoch, None, None))

    if args.load:
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
            worst = max(gap(f["weights"], f["bias"]) for f in fits)  # against numpy's optimum, as every other tool
            rows.append(("to the optimum", "Descent L-BFGS (gap %.1e)" % worst, statistics.median(seconds), min(seconds),
                         max(seconds)))
            # --solver auto as a user runs it again on the same file: from its --cache (the first fit writes it).
            auto = ["fit", csv, "--target", "y", "--solver", "auto", "--cache", "--format", "json"]
            descent(*auto)
            fits = [descent(*auto) for _ in range(max(1, repeats // 2))]
            seconds = [f["train_seconds"] for f in fits]
            worst = max(gap(f["weights"], f["bias"]) for f in fits)
            rows.append(("to the optimum", "Descent --solver auto, from --cache (gap %.1e)" % worst,
                         statistics.median(seconds), min(seconds), max(seconds)))
            exact = pd.read_csv(csv, float_precision="round_trip").to_numpy()
            default = pd.read_csv(csv).to_numpy()
            ulps = np.abs(default.view(np.int64) - exact.view(np.int64)).max()
            print("pandas' default parser is off by up to %d ulp on this file (round_trip is exact)" % ulps)


def report(rows, bench, n, d, floor, args):
    descent_epoch = bench["epoch_seconds"]
    print("%d x %d %s (%.0f MB), read bandwidth %.1f GB/s, floor %.2f ms" % (
        n, d, bench["storage"], bench["bytes"] / 1e6, bench["bandwidth_gbs"], floor * 1e3))
    print("%-42s %-72s %12s %12s %12s" % ("task", "tool", "median s", "spread s", "vs Descent"))
    def descent_row(task):
        """The Descent row a task's ratios are against: --solver auto where it ran (the fastest route), else the first."""
        ours = [r for r in rows if r[0] == task and r[1].startswith("Descent")]
        ours.sort(key=lambda r: "--solver auto" not in r[1])
        return ours[0][2] if ours else None

    for task, tool, med, lo, hi in rows:
        base = descent_epoch if task.startswith("SGD epoch") else descent_row(task)
        ratio = "" if base is None or med is None else ("%.1fx" if med / base >= 0.1 else "%.2gx") % (med / base)
        spread = "" if lo is None else "%.3g-%.3g" % (lo, hi)
        median = "too small" if med is None else "%.4g" % med
        print("%-42s %-72s %12s %12s %12s" % (task, tool, median, spread, ratio))
    print("ratio of Descent's epoch to the floor: %.2f" % (descent_epoch / floor))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"n": n, "d": d, "bench": bench, "rows": [dict(zip(
                ["task", "tool", "median_seconds", "min_seconds", "max_seconds"], r)) for r in rows]}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
