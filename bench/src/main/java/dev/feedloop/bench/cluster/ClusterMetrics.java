package dev.feedloop.bench.cluster;

import java.util.HashMap;
import java.util.Map;

/**
 * Agreement between a clustering and reference labels, for the clustering benchmarks.
 * Both follow scikit-learn's definitions: NMI with the arithmetic-mean normalisation
 * ({@code normalized_mutual_info_score} default, Vinh, Epps and Bailey, JMLR 2010) and the adjusted
 * Rand index of Hubert and Arabie (1985).
 */
public final class ClusterMetrics {
    private ClusterMetrics() {
    }

    /** Gives every noise point (-1) its own singleton label, as the benchmarks score them. */
    public static int[] noiseAsSingletons(int[] labels) {
        int next = 0;
        for (int l : labels) {
            next = Math.max(next, l + 1);
        }
        int[] out = labels.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] < 0) {
                out[i] = next++;
            }
        }
        return out;
    }

    /**
     * Normalised mutual information, MI / ((H(a) + H(b)) / 2); 1 when both are one same cluster.
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double nmi(int[] truth, int[] predicted) {
        Table t = new Table(truth, predicted);
        double ha = entropy(t.rows, t.n);
        double hb = entropy(t.cols, t.n);
        if (ha == 0 && hb == 0) {
            return 1.0;
        }
        double mi = 0;
        for (Map.Entry<Long, Integer> e : t.cells.entrySet()) {
            double nij = e.getValue();
            int a = (int) (e.getKey() >> 32);
            int b = (int) (long) e.getKey();
            mi += nij / t.n * Math.log(t.n * nij / ((double) t.rows.get(a) * t.cols.get(b)));
        }
        return Math.max(0, mi) / ((ha + hb) / 2);
    }

    /**
     * Adjusted Rand index; 1 for identical partitions, about 0 for independent ones.
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double ari(int[] truth, int[] predicted) {
        Table t = new Table(truth, predicted);
        double sumCells = 0;
        for (int v : t.cells.values()) {
            sumCells += pairs(v);
        }
        double sumRows = 0;
        for (int v : t.rows.values()) {
            sumRows += pairs(v);
        }
        double sumCols = 0;
        for (int v : t.cols.values()) {
            sumCols += pairs(v);
        }
        double expected = sumRows * sumCols / pairs(t.n);
        double max = (sumRows + sumCols) / 2;
        if (max == expected) {
            return 1.0;
        }
        return (sumCells - expected) / (max - expected);
    }

    private static double pairs(double k) {
        return k * (k - 1) / 2;
    }

    private static double entropy(Map<Integer, Integer> counts, int n) {
        double h = 0;
        for (int c : counts.values()) {
            double p = (double) c / n;
            h -= p * Math.log(p);
        }
        return h;
    }

    /** Contingency table of two labelings. */
    private static final class Table {
        final Map<Long, Integer> cells = new HashMap<>();
        final Map<Integer, Integer> rows = new HashMap<>();
        final Map<Integer, Integer> cols = new HashMap<>();
        final int n;

        Table(int[] a, int[] b) {
            if (a.length != b.length || a.length == 0) {
                throw new IllegalArgumentException("need two non-empty labelings of equal length, got "
                        + a.length + " and " + b.length);
            }
            n = a.length;
            for (int i = 0; i < n; i++) {
                cells.merge(((long) a[i] << 32) | (b[i] & 0xffffffffL), 1, Integer::sum);
                rows.merge(a[i], 1, Integer::sum);
                cols.merge(b[i], 1, Integer::sum);
            }
        }
    }
}
