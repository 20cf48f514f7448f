#!/usr/bin/env bash
# Descent's SparkTrainer beside Spark MLlib's LinearRegression and LogisticRegression (issue 17), local mode.
#
#   bench/spark.sh [--cores "1 2"] [--rows N] [--features D] [--repeats R] [--partitions P] [--scales unit|mixed]
#                  [--l2 L] [--max-epochs E] [--tasks linear,logistic] [--standardize] [--heap 6g] [--skip-build]
#                  [--quick]
#
# Builds descent-spark (profile spark) and its test classes, then runs dev.descent.spark.bench.SparkVsMllib once per
# core count, each in its own JVM pinned with taskset to that many CPUs (so that local[1] has one core, as Spark's
# own threads and the JIT's would otherwise take the other), and prints the Markdown tables of all runs.
# --quick: 20,000 x 5, one repeat, local[2] only: a smoke run for CI (no timing is asserted).
# Results (tab-separated) are kept in descent-spark/target/spark-bench/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

cores="1 2"
heap=6g
build=1
quick=0
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --cores) cores="${2//,/ }"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    --skip-build) build=0; shift ;;
    --quick) quick=1; pass+=(--quick); shift ;;
    --standardize) pass+=(--standardize); shift ;;
    --rows|--features|--repeats|--partitions|--scales|--l2|--max-epochs|--tasks|--seed) pass+=("$1" "$2"); shift 2 ;;
    *) echo "spark.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [ "$quick" = 1 ] && [ "$cores" = "1 2" ]; then
  cores="2"
fi

out="$root/descent-spark/target/spark-bench"
cpfile="$out/classpath.txt"
if [ "$build" = 1 ]; then
  ./mvnw -B -q -Pspark -pl descent-spark -am -DskipTests install
  ./mvnw -B -q -Pspark -pl descent-spark test-compile
  mkdir -p "$out"
  ./mvnw -B -q -Pspark -pl descent-spark dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test
fi
[ -f "$cpfile" ] || { echo "spark.sh: no $cpfile; run without --skip-build first" >&2; exit 1; }
cp="$root/descent-spark/target/test-classes:$root/descent-spark/target/classes:$(cat "$cpfile")"

# The --add-opens flags Spark needs on Java 17, from the file the tests and the launcher read.
opens=(@"$root/descent-spark/jvm.options")

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
stamp="$(date +%Y%m%d-%H%M%S)"
files=()
for c in $cores; do
  file="$out/results-$stamp-local$c.tsv"
  files+=("$file")
  pin=()
  if command -v taskset >/dev/null && [ "$c" -lt "$(nproc)" ]; then
    pin=(taskset -c "0-$((c - 1))")
  elif [ "$c" -lt "$(nproc)" ]; then
    pin=()
    opens+=(-XX:ActiveProcessorCount="$c")
  fi
  # --add-modules jdk.incubator.vector: as Descent's launcher runs it; MLlib's BLAS (dev.ludovic.netlib) uses it too
  SPARK_LOCAL_IP=127.0.0.1 "${pin[@]}" "$java" -XX:+UseG1GC -Xms"$heap" -Xmx"$heap" "${opens[@]}" \
    --add-modules jdk.incubator.vector -Dio.netty.tryReflectionSetAccessible=true \
    -Dlog4j2.configurationFile="$root/descent-spark/log4j2.properties" \
    -cp "$cp" dev.descent.spark.bench.SparkVsMllib --cores "$c" --out "$file" "${pass[@]}" \
    2> >(grep -v '^WARNING: Using incubator modules' >&2)
done
echo
"$java" -cp "$cp" dev.descent.spark.bench.SparkVsMllib --report "${files[@]}"
