package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache gives back every bit it was given, and nothing once its source or key has changed. */
class DatasetCacheTest {
    @TempDir
    Path dir;

    @Test
    void givesBackEveryBitForTheSameSourceAndKey() throws IOException {
        Path source = dir.resolve("data.csv");
        Files.writeString(source, "stands for the data set's text");
        Random random = new Random(3);
        int n = 200_003; // more values than one buffer of the cache holds
        double[] x = new double[n * 2];
        double[] y = new double[n];
        for (int k = 0; k < x.length; k++) {
            double v = Double.longBitsToDouble(random.nextLong()); // every kind of finite double, subnormals too
            x[k] = Double.isFinite(v) ? v : Double.MIN_VALUE * k;
        }
        for (int i = 0; i < n; i++) {
            y[i] = random.nextGaussian();
        }
        x[0] = -0.0;
        Dataset data = new Dataset(x, y, List.of("a", "é ü"), "target");
        DatasetCache kept = new DatasetCache(source, "key");
        assertTrue(kept.write(data, kept.stamp()));
        Optional<Dataset> read = new DatasetCache(source, "key").read();
        assertTrue(read.isPresent());
        assertEquals(List.of("a", "é ü"), read.get().featureNames());
        assertEquals("target", read.get().targetName());
        long[] expected = new long[x.length];
        long[] actual = new long[x.length];
        for (int k = 0; k < x.length; k++) {
            expected[k] = Double.doubleToRawLongBits(x[k]);
            actual[k] = Double.doubleToRawLongBits(read.get().featureData()[k]);
        }
        assertArrayEquals(expected, actual);
        assertArrayEquals(y, read.get().targetData(), 0);
    }

    @Test
    void missesForAnotherKeyAChangedSourceOrADamagedCache() throws IOException {
        Path source = dir.resolve("data.csv");
        Files.writeString(source, "a,y\n1,2\n");
        Dataset data = new Dataset(new double[] {1, 3}, new double[] {2, 4}, List.of("a"), "y");
        DatasetCache cache = new DatasetCache(source, "target=y");
        cache.write(data, cache.stamp());
        assertTrue(cache.read().isPresent());
        assertTrue(new DatasetCache(source, "target=a").read().isEmpty(), "another choice of columns");

        Files.setLastModifiedTime(source, FileTime.fromMillis(Files.getLastModifiedTime(source).toMillis() + 1000));
        assertTrue(cache.read().isEmpty(), "the source was touched");
        cache.write(data, cache.stamp());
        Files.writeString(source, "a,y\n1,2\n3,5\n");
        assertTrue(cache.read().isEmpty(), "the source changed");

        cache.write(data, cache.stamp());
        byte[] whole = Files.readAllBytes(cache.file());
        for (int cut : new int[] {0, 3, 20, whole.length - 1}) {
            Files.write(cache.file(), java.util.Arrays.copyOf(whole, cut));
            assertTrue(cache.read().isEmpty(), "cut to " + cut + " bytes");
        }
        // damaged in place, its size unchanged: one bit of a feature, of a target, of the checksum
        for (int back : new int[] {8 * 2 + 8 + 1, 8 + 3, 2}) {
            byte[] flipped = whole.clone();
            flipped[whole.length - back] ^= 0x10;
            Files.write(cache.file(), flipped);
            assertTrue(cache.read().isEmpty(), "a bit flipped " + back + " bytes from the end");
        }
        Files.write(cache.file(), whole);
        assertTrue(cache.read().isPresent(), "whole again");
        Files.delete(cache.file());
        assertTrue(cache.read().isEmpty(), "no cache");

        DatasetCache.Stamp before = cache.stamp();
        Files.writeString(source, "a,y\n1,2\n3,60\n"); // the source changes while it is being read
        assertTrue(!cache.write(data, before), "no cache of a source that changed during the read");
        assertTrue(!Files.exists(cache.file()));
    }
}
