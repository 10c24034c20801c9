package dev.feedloop.bench.cluster;

import dev.feedloop.triage.cluster.ClusterConfig;
import dev.feedloop.triage.cluster.Clusterer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Small weekly-sized inputs with only a few patterns: random subsets of 3, 5, 10 and 20 labels
 * (at most 800 texts, 3 draws each), clustered without k. Shows what the absolute merge-cost
 * floor buys over the relative threshold alone.
 */
final class FewPatternsBench {
    private FewPatternsBench() {
    }

    static void run(List<String> datasets, String model) throws Exception {
        System.out.println("\n### few patterns, small inputs (" + model + "; mean of 3 draws; noise as singletons)\n");
        System.out.println("| data set | labels | texts | default: clusters | NMI | ARI | relative only: clusters | NMI | ARI |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        ClusterConfig def = ClusterConfig.defaults();
        ClusterConfig relative = def.withMinMergeCost(0);
        for (String name : datasets) {
            Dataset ds = Dataset.byName(name);
            Dataset.Loaded data = ds.load();
            float[][] x = CachedVectors.of(ds, data.texts(), model);
            Random r = new Random(5);
            for (int labels : new int[] {3, 5, 10, 20}) {
                double[] sum = new double[7];
                for (int draw = 0; draw < 3; draw++) {
                    int[] idx = subset(data.labels(), data.classes(), labels, 800, r);
                    float[][] xs = Arrays.stream(idx).mapToObj(i -> x[i]).toArray(float[][]::new);
                    int[] ys = Arrays.stream(idx).map(i -> data.labels()[i]).toArray();
                    add(sum, 0, new Clusterer(def).cluster(xs).labels(), ys);
                    add(sum, 3, new Clusterer(relative).cluster(xs).labels(), ys);
                    sum[6] += idx.length;
                }
                System.out.printf("| %s | %d | %.0f | %.0f | %.3f | %.3f | %.0f | %.3f | %.3f |%n", name, labels,
                        sum[6] / 3, sum[0] / 3, sum[1] / 3, sum[2] / 3, sum[3] / 3, sum[4] / 3, sum[5] / 3);
            }
        }
    }

    private static void add(double[] sum, int at, int[] labels, int[] truth) {
        int[] scored = ClusterMetrics.noiseAsSingletons(labels);
        sum[at] += Arrays.stream(labels).filter(l -> l >= 0).distinct().count();
        sum[at + 1] += ClusterMetrics.nmi(truth, scored);
        sum[at + 2] += ClusterMetrics.ari(truth, scored);
    }

    private static int[] subset(int[] y, int classes, int labels, int max, Random r) {
        List<Integer> ids = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            ids.add(c);
        }
        Collections.shuffle(ids, r);
        boolean[] keep = new boolean[classes];
        for (int k = 0; k < labels; k++) {
            keep[ids.get(k)] = true;
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (keep[y[i]]) {
                idx.add(i);
            }
        }
        Collections.shuffle(idx, r);
        return idx.subList(0, Math.min(max, idx.size())).stream().sorted().mapToInt(Integer::intValue).toArray();
    }
}
