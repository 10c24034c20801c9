package dev.feedloop.bench.cluster;

import dev.feedloop.triage.Assigner;
import dev.feedloop.triage.TriageConfig;
import dev.feedloop.triage.cluster.ClusterResult;
import dev.feedloop.triage.cluster.Clusterer;
import dev.feedloop.triage.embed.Vectors;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Time and memory at scale with cached vectors. Vectors are perturbed real embeddings: each is a
 * real bge-small vector of the four data sets (44,119 texts) drawn with replacement, plus Gaussian
 * noise of norm about 0.2 (cosine to its source about 0.98), re-normalised. One size per JVM so
 * the peak heap is that run's.
 */
final class ScaleBench {
    private ScaleBench() {
    }

    static void run(int n) throws Exception {
        float[][] pool = pool();
        SplittableRandom r = new SplittableRandom(n);
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] src = pool[r.nextInt(pool.length)];
            float[] v = new float[src.length];
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) (src[d] + 0.2 / Math.sqrt(v.length) * gaussian(r));
            }
            x[i] = Vectors.l2Normalize(v);
        }
        // Known patterns to assign against: found on an independent sample of 5,000 such vectors,
        // stored as triage stores them (unit centroid, 24 exemplars).
        float[][] old = new float[5000][];
        for (int i = 0; i < old.length; i++) {
            old[i] = pool[r.nextInt(pool.length)];
        }
        ClusterResult found = new Clusterer().cluster(old);
        List<Assigner.Target> patterns = new ArrayList<>();
        for (int c = 0; c < found.clusterCount(); c++) {
            List<float[]> members = new ArrayList<>();
            for (int i : found.members(c)) {
                members.add(old[i]);
            }
            patterns.add(KnownPatterns.of("P-" + (c + 1), members));
        }
        pool = null;
        old = null;
        System.gc();
        resetPeaks();
        long t0 = System.nanoTime();
        double threshold = TriageConfig.DEFAULT.assignThreshold();
        Assigner assigner = new Assigner(patterns, threshold);
        int assigned = 0;
        for (float[] v : x) {
            assigned += assigner.match(v).matched() ? 1 : 0;
        }
        long t1 = System.nanoTime();
        ClusterResult res = new Clusterer().cluster(x); // worst case: everything is clustered anew
        long t2 = System.nanoTime();
        System.out.printf("| %,d | %d | %.1f | %.1f | %.1f | %d | %d | %.0f |%n", n, patterns.size(), (t1 - t0) / 1e9,
                (t2 - t1) / 1e9, (t2 - t0) / 1e9, res.clusterCount(), res.wardItems(), peakHeapMb());
        System.err.printf("assigned %d of %d at %.2f%n", assigned, n, threshold);
    }

    static void header() {
        System.out.println("| vectors | known patterns | assign s | cluster s | total s | clusters | Ward items | peak heap MB |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
    }

    private static float[][] pool() throws Exception {
        List<float[]> all = new ArrayList<>();
        for (Dataset ds : Dataset.all()) {
            for (float[] v : CachedVectors.of(ds, ds.load().texts(), "bge-small-en-v1.5-q")) {
                all.add(v);
            }
        }
        return all.toArray(float[][]::new);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static double peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / 1048576.0;
    }
}
