package dev.descent.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BinaryOperator;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Partial sums, one per partition, added in the partitions' order, so that a step gives the same bits on every run
 * however its tasks finish (Spark's own aggregate adds results as they arrive, and floating-point addition is not
 * associative). Up to {@value #DIRECT} partitions, and {@value #DIRECT_BYTES} bytes of partials, the driver adds them
 * itself; past that, as a tree of two levels, as treeAggregate does: groups of consecutive partitions are added on the
 * executors, each in order, and the driver adds the groups' sums in order, so it receives about the square root of the
 * partitions' count. (Each grouped sum is a small shuffle, whose files Spark's cleaner removes once the step's RDDs
 * are gone.)
 */
final class InOrder {
    /** Partitions whose partials the driver adds directly. */
    static final int DIRECT = 64;
    /** The most bytes of partials the driver takes at once (Spark's spark.driver.maxResultSize is 1 GB by default). */
    static final long DIRECT_BYTES = 64L << 20;

    private InOrder() {
    }

    /** How two partials add, sent with the tasks that add groups. */
    @FunctionalInterface
    interface Add<T> extends BinaryOperator<T>, Serializable {
    }

    /**
     * The sum by {@code add} of {@code partials}, which hold one value per partition, partition 0's first, each of
     * about {@code bytes} bytes.
     */
    static <T> T sum(JavaRDD<T> partials, Add<T> add, long bytes) {
        int partitions = partials.getNumPartitions();
        if (partitions <= DIRECT && partitions * bytes <= DIRECT_BYTES) {
            return inOrder(partials.collect(), add); // collect keeps the partitions' order
        }
        int size = (int) Math.ceil(Math.sqrt(partitions));
        JavaPairRDD<Integer, Tuple2<Integer, T>> keyed = partials.mapPartitionsWithIndex((index, values) -> {
            List<Tuple2<Integer, Tuple2<Integer, T>>> one = new ArrayList<>(1);
            values.forEachRemaining(value -> one.add(new Tuple2<>(index / size, new Tuple2<>(index, value))));
            return one.iterator();
        }, true).mapToPair(pair -> pair);
        List<Tuple2<Integer, T>> groups = new ArrayList<>(keyed.groupByKey((partitions + size - 1) / size)
                .mapValues(members -> {
                    List<Tuple2<Integer, T>> sorted = new ArrayList<>();
                    members.forEach(sorted::add);
                    sorted.sort(Comparator.comparingInt(Tuple2::_1));
                    return inOrder(sorted.stream().map(Tuple2::_2).toList(), add);
                }).collect());
        groups.sort(Comparator.comparingInt(Tuple2::_1));
        return inOrder(groups.stream().map(Tuple2::_2).toList(), add);
    }

    private static <T> T inOrder(List<T> values, Add<T> add) {
        T total = values.get(0);
        for (int i = 1; i < values.size(); i++) {
            total = add.apply(total, values.get(i));
        }
        return total;
    }
}
