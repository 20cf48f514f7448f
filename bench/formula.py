#!/usr/bin/env python3
"""Issue 14's speed targets, side by side in one run: a full-batch loss-and-gradient pass of the
formula a*exp(b*x) + c over 1,000,000 rows, by numpy (vectorised, the way a user would write it),
by Descent's compiled formula (JMH FormulaBenchmark, on all cores and on one), by a Java loop
written by hand for that formula (one thread), and a*x + b as a formula against the linear kernel.

Run from anywhere after `./mvnw -B -q -DskipTests package` (which builds the JMH jar):

    /usr/bin/python3 bench/formula.py [--rows 1000000] [--repeats 21] [--rounds 3]

Each round times numpy, then runs the JMH benchmark, so the two see the same state of the machine;
the ratios are per round, and the rounds give their spread.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "descent-bench", "target", "benchmarks.jar")


def numpy_pass_ms(rows, repeats):
    """Median milliseconds of two numpy passes: written plainly, as the lesson writes its gradient (means of
    temporaries), and tuned (dot products, which BLAS runs on every core, and fewer temporaries)."""
    import numpy as np
    rng = np.random.default_rng(1)
    x = 2 * rng.random(rows)
    y = 1.4 * np.exp(0.72 * x) - 0.45 + 0.01 * rng.standard_normal(rows)
    a, b, c = 1.5, 0.7, -0.5

    def plain():
        e = np.exp(b * x)
        y_pred = a * e + c
        loss = np.mean((y_pred - y) ** 2)
        dydb = 2 * (y_pred - y)
        return loss, (np.mean(dydb * e), np.mean(dydb * a * x * e), np.mean(dydb))

    def tuned():
        e = np.exp(b * x)
        r = a * e + c - y
        g = 2 * r
        return np.dot(r, r) / rows, (np.dot(g, e) / rows, a * np.dot(g, x * e) / rows, np.sum(g) / rows)

    medians = []
    for variant in (plain, tuned):
        times = []
        for _ in range(repeats + 3):
            start = time.perf_counter()
            loss, gradient = variant()
            times.append((time.perf_counter() - start) * 1e3)
            assert np.isfinite(loss) and all(np.isfinite(gradient))
        medians.append(statistics.median(times[3:]))
    return medians


def jmh_ms(rows, quick):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        result = f.name
    timing = ["-wi", "1", "-i", "1", "-w", "100ms", "-r", "100ms"] if quick else ["-wi", "3", "-i", "5", "-w", "1s", "-r", "1s"]
    subprocess.run(["java", "-jar", JAR, "FormulaBenchmark", "-p", f"rows={rows}", "-f", "1", *timing, "-rf", "json",
                    "-rff", result], check=True, stdout=subprocess.DEVNULL)
    with open(result) as f:
        runs = json.load(f)
    os.unlink(result)
    return {run["benchmark"].rsplit(".", 1)[1]: run["primaryMetric"]["score"] for run in runs}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=21, help="numpy passes timed per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one short JMH iteration: a smoke run, not a measurement")
    args = parser.parse_args()
    if not os.path.exists(JAR):
        sys.exit(f"formula.py: {JAR} is missing: run ./mvnw -B -q -DskipTests package first")
    rounds = []
    for _ in range(args.rounds):
        plain_ms, tuned_ms = numpy_pass_ms(args.rows, args.repeats)
        java = jmh_ms(args.rows, args.quick)
        rounds.append((plain_ms, tuned_ms, java))
        print(f"numpy plain {plain_ms:.2f} ms, tuned {tuned_ms:.2f} | formula all cores {java['exponentialFormula']:.2f} ms, one thread "
              f"{java['exponentialFormulaOneThread']:.2f} | by hand, one thread {java['exponentialByHandOneThread']:.2f}"
              f" | a*x + b as formula {java['lineAsFormula']:.2f}, linear kernel {java['lineKernel']:.2f}", flush=True)

    def spread(values):
        return f"median {statistics.median(values):.2f} ({min(values):.2f} to {max(values):.2f})"

    print(f"\n{args.rows:,} rows, a*exp(b*x) + c, loss and gradient, {args.rounds} rounds")
    print("numpy plain / formula on all cores:    " + spread([p / j["exponentialFormula"] for p, _, j in rounds])
          + "   (target at least 2)")
    print("numpy tuned / formula on all cores:    " + spread([t / j["exponentialFormula"] for _, t, j in rounds]))
    print("formula / hand-written, one thread:    " + spread([j["exponentialFormulaOneThread"]
                                                              / j["exponentialByHandOneThread"] for _, _, j in rounds])
          + "   (target at most 1.5)")
    print("a*x + b formula / linear kernel:       " + spread([j["lineAsFormula"] / j["lineKernel"] for _, _, j in rounds])
          + "   (target at most 3)")


if __name__ == "__main__":
    main()
