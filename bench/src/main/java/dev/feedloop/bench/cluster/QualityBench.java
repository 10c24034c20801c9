package dev.feedloop.bench.cluster;

import dev.feedloop.triage.cluster.ClusterConfig;
import dev.feedloop.triage.cluster.Clusterer;
import dev.feedloop.triage.cluster.KMeans;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Clustering quality per data set and model: our default (k not given) against the references
 * (k-means and Ward with the true k, Ward with scipy's fixed distance threshold). Noise (-1) is
 * scored as singleton clusters.
 */
final class QualityBench {
    private QualityBench() {
    }

    record Row(String method, double nmi, double ari, int clusters, int noise, double seconds) {
    }

    static void run(List<String> datasets, List<String> models, boolean sweep) throws Exception {
        for (String name : datasets) {
            Dataset ds = Dataset.byName(name);
            Dataset.Loaded data = ds.load();
            for (String model : models) {
                float[][] x = CachedVectors.of(ds, data.texts(), model);
                List<Row> rows = methods(x, data.labels(), data.classes(), sweep);
                print(ds.name() + " (" + x.length + " texts, " + data.classes() + " labels), " + model, rows);
            }
        }
    }

    static List<Row> methods(float[][] x, int[] truth, int k, boolean sweep) {
        List<Row> rows = new ArrayList<>();
        ClusterConfig def = ClusterConfig.defaults();
        rows.add(score("feedloop default (k not given)", truth, () -> new Clusterer(def).cluster(x).labels()));
        rows.add(score("  same, no k-means polish", truth,
                () -> new Clusterer(def.withRefineIterations(0)).cluster(x).labels()));
        rows.add(score("  same, Ward on 1000 micro-clusters", truth,
                () -> new Clusterer(def.withMaxWardItems(1000)).cluster(x).labels()));
        rows.add(score("ref: k-means++ true k=" + k, truth,
                () -> KMeans.fit(x, k, 100, new SplittableRandom(7))));
        String ward = x.length <= def.maxWardItems() ? "exact" : def.maxWardItems() + " micro-clusters";
        rows.add(score("ref: Ward true k (" + ward + ")", truth, () -> Baselines.wardAtK(x, k, def)));
        rows.add(score("ref: Ward scipy distance 2.0 (" + ward + ")", truth,
                () -> Baselines.wardAtScipyDistance(x, 2.0, def)));
        if (sweep) {
            for (double alpha : new double[] {0.02, 0.025, 0.03, 0.035, 0.04, 0.045, 0.05}) {
                rows.add(score("sweep: sizeFactor " + alpha, truth,
                        () -> new Clusterer(def.withSizeFactor(alpha)).cluster(x).labels()));
            }
        }
        return rows;
    }

    static Row score(String method, int[] truth, Supplier<int[]> run) {
        long t0 = System.nanoTime();
        int[] labels = run.get();
        double secs = (System.nanoTime() - t0) / 1e9;
        int noise = (int) Arrays.stream(labels).filter(l -> l < 0).count();
        int clusters = (int) Arrays.stream(labels).filter(l -> l >= 0).distinct().count();
        int[] scored = ClusterMetrics.noiseAsSingletons(labels);
        return new Row(method, ClusterMetrics.nmi(truth, scored), ClusterMetrics.ari(truth, scored),
                clusters, noise, secs);
    }

    static void print(String title, List<Row> rows) {
        System.out.println();
        System.out.println("### " + title);
        System.out.println();
        System.out.println("| method | NMI | ARI | clusters | noise | time s |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            System.out.printf("| %s | %.3f | %.3f | %d | %d | %.2f |%n", r.method(), r.nmi(), r.ari(),
                    r.clusters(), r.noise(), r.seconds());
        }
        System.out.flush();
    }

}
