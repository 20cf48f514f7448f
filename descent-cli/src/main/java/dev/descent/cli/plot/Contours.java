package dev.descent.cli.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * Level curves of a function sampled on a grid, by marching squares: in each cell, where the level
 * crosses an edge (its corners on either side), the crossing is interpolated linearly, and the
 * crossings are joined into segments. A saddle cell (opposite corners on the same side) is resolved by
 * the value at its centre.
 */
public final class Contours {
    /** A piece of a level curve. */
    public record Segment(double x1, double y1, double x2, double y2) {
    }

    private Contours() {
    }

    /**
     * The level curves of {@code f} sampled at every {@code (xs[i], ys[j])}: {@code count} levels between its smallest
     * and largest finite values, crowding towards the smallest (level k of n at {@code low + (high - low) (k/n)^2}),
     * where a bowl's curves would otherwise be too far apart to show its valley.
     */
    public static List<Segment> levels(double[] xs, double[] ys, DoubleBinaryOperator f, int count) {
        double[][] z = new double[ys.length][xs.length];
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < ys.length; j++) {
            for (int i = 0; i < xs.length; i++) {
                z[j][i] = f.applyAsDouble(xs[i], ys[j]);
                if (Double.isFinite(z[j][i])) {
                    low = Math.min(low, z[j][i]);
                    high = Math.max(high, z[j][i]);
                }
            }
        }
        List<Segment> segments = new ArrayList<>();
        for (int level = 1; level <= count && high > low; level++) {
            double q = (double) level / count;
            segments.addAll(at(xs, ys, z, low + (high - low) * q * q));
        }
        return segments;
    }

    /**
     * The segments of the level curve {@code f = level}, where {@code z[j][i]} is f at {@code (xs[i], ys[j])}.
     */
    public static List<Segment> at(double[] xs, double[] ys, double[][] z, double level) {
        List<Segment> segments = new ArrayList<>();
        double[] px = new double[4];
        double[] py = new double[4];
        for (int j = 0; j + 1 < ys.length; j++) {
            for (int i = 0; i + 1 < xs.length; i++) {
                // corners counter-clockwise from the bottom left; edge e runs from corner e to corner e + 1
                double[] cx = {xs[i], xs[i + 1], xs[i + 1], xs[i]};
                double[] cy = {ys[j], ys[j], ys[j + 1], ys[j + 1]};
                double[] cz = {z[j][i], z[j][i + 1], z[j + 1][i + 1], z[j + 1][i]};
                if (!(Double.isFinite(cz[0]) && Double.isFinite(cz[1]) && Double.isFinite(cz[2]) && Double.isFinite(cz[3]))) {
                    continue;
                }
                int crossings = 0;
                boolean[] crossed = new boolean[4];
                for (int e = 0; e < 4; e++) {
                    int f = (e + 1) % 4;
                    if (cz[e] >= level != cz[f] >= level) {
                        double t = (level - cz[e]) / (cz[f] - cz[e]);
                        px[e] = cx[e] + t * (cx[f] - cx[e]);
                        py[e] = cy[e] + t * (cy[f] - cy[e]);
                        crossed[e] = true;
                        crossings++;
                    }
                }
                if (crossings == 2) {
                    int a = -1;
                    for (int e = 0; e < 4; e++) {
                        if (crossed[e]) {
                            if (a < 0) {
                                a = e;
                            } else {
                                segments.add(new Segment(px[a], py[a], px[e], py[e]));
                            }
                        }
                    }
                } else if (crossings == 4) {
                    double centre = (cz[0] + cz[1] + cz[2] + cz[3]) / 4;
                    if (centre >= level == cz[0] >= level) { // corner 0 joins corner 2 through the centre
                        segments.add(new Segment(px[0], py[0], px[1], py[1]));
                        segments.add(new Segment(px[2], py[2], px[3], py[3]));
                    } else {
                        segments.add(new Segment(px[3], py[3], px[0], py[0]));
                        segments.add(new Segment(px[1], py[1], px[2], py[2]));
                    }
                }
            }
        }
        return segments;
    }
}
