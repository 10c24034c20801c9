package dev.feedloop.bench.triage;

import dev.feedloop.Feedloop;
import dev.feedloop.demo.GroundTruth;
import dev.feedloop.demo.Simulator;
import dev.feedloop.store.NegativeRow;
import dev.feedloop.store.ResponseSample;
import dev.feedloop.triage.EmbeddingService;
import dev.feedloop.triage.TriageConfig;
import dev.feedloop.triage.embed.Vectors;
import dev.feedloop.triage.redact.Redactor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a triage run loses planted patterns: replays the new-pattern half of {@code Triage.run}
 * (cluster, keep failing clusters by lift, consolidate) on a database whose vectors are cached, and
 * prints each group's size, truth make-up and lift at each step, then sweeps other linkages.
 * TextComposer, the wired clusterer, Lift and Consolidation are the server's own, called
 * reflectively so the replay cannot drift from them. Known patterns are not replayed: run it on a
 * database whose triage tables are empty, or read it as "what a first run would do".
 *
 * <pre>
 * java -Xmx2g [-Ddiag.thresholds=0.70,0.72,...] -cp "bench/target/feedloop-bench.jar:bench/target/lib/*" \
 *     dev.feedloop.bench.triage.TriageDiagnosis WORLD-DIR DB [days-from-start days]
 * </pre>
 */
public final class TriageDiagnosis {
    private TriageDiagnosis() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path db = Path.of(args[1]);
        GroundTruth truth = GroundTruth.read(dir.resolve(Simulator.TRUTH_FILE));
        Instant start = truth.start().atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant from = args.length > 2 ? start.plus(Duration.ofDays(Long.parseLong(args[2]))) : start;
        Instant to = args.length > 3 ? from.plus(Duration.ofDays(Long.parseLong(args[3])))
                : start.plus(Duration.ofDays(truth.days()));
        TriageConfig config = TriageQualityBench.CONFIG;
        Map<String, String> plantedOf = new HashMap<>();
        truth.patterns().forEach(p -> p.failingRequestIds().forEach(id -> plantedOf.put(id, p.id())));
        try (Feedloop feedloop = BenchWorld.open(db)) {
            Object composer = composer(config.outputChars());
            EmbeddingService embeddings = new EmbeddingService(feedloop.store(), feedloop::embedder);
            List<NegativeRow> negatives = feedloop.store().negatives(truth.project(), from, to, config.rules());
            List<String> texts = new ArrayList<>();
            for (NegativeRow n : negatives) {
                texts.add(compose(composer, n.userInput(), n.llmOutput()));
            }
            float[][] vectors = embeddings.embed(texts, EmbeddingService.Progress.NONE);
            List<ResponseSample> sample = feedloop.store().sampleResponses(truth.project(), from, to,
                    config.sampleSize(), from.toEpochMilli() ^ to.toEpochMilli());
            List<String> sampleTexts = new ArrayList<>();
            for (ResponseSample r : sample) {
                sampleTexts.add(compose(composer, r.userInput(), r.llmOutput()));
            }
            float[][] sampleVectors = embeddings.embed(sampleTexts, EmbeddingService.Progress.NONE);
            String[] cls = negatives.stream().map(n -> plantedOf.getOrDefault(n.requestId(), "noise"))
                    .toArray(String[]::new);
            System.out.printf(Locale.ROOT, "%s .. %s: %,d negatives, truth %s%n", from, to, negatives.size(),
                    histogram(allIndexes(cls.length), cls));

            long t0 = System.nanoTime();
            int[] labels = clusterer().apply(vectors);
            System.out.printf(Locale.ROOT, "%nclusterer (Feedloop.defaultClusterer): %d clusters, %d noise, %.1f s%n",
                    java.util.Arrays.stream(labels).max().orElse(-1) + 1,
                    java.util.Arrays.stream(labels).filter(l -> l < 0).count(), (System.nanoTime() - t0) / 1e9);
            List<List<Integer>> clusters = groups(labels);
            Object lift = liftOf(vectors, sampleVectors);
            print(clusters, cls, vectors, lift, config);

            // as Triage.clusterRest: keep clusters of at least MIN_FRAGMENT that fail (lift), then join fragments
            int minFragment = minFragment();
            List<List<Integer>> failing = new ArrayList<>();
            t0 = System.nanoTime();
            int measured = 0;
            for (List<Integer> c : clusters) {
                if (c.size() >= minFragment) {
                    measured++;
                    if (lift(lift, c, vectors) >= config.minLift()) {
                        failing.add(c);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%nlift of %d clusters (>= %d members) over %,d negatives and %,d sampled:"
                    + " %.1f s%n", measured, minFragment, vectors.length, sampleVectors.length,
                    (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            List<List<Integer>> merged = consolidate(failing, vectors, config.consolidateThreshold());
            System.out.printf(Locale.ROOT, "%n%d failing clusters (>= %d members, lift >= %.1f) after consolidation"
                            + " at %.2f: %d groups, %.1f s%n", failing.size(), minFragment, config.minLift(),
                    config.consolidateThreshold(), merged.size(), (System.nanoTime() - t0) / 1e9);
            print(merged, cls, vectors, lift, config);
            System.out.printf("  %s%n", summary(merged, cls, vectors, lift, config));

            similarities(failing, cls, vectors);
            for (String linkage : List.of("centroid", "complete", "average")) {
                for (double t : thresholds()) {
                    // average is the server's own Consolidation; the others are references in Linkages
                    List<List<Integer>> alt = switch (linkage) {
                        case "centroid" -> Linkages.centroid(failing, vectors, t);
                        case "complete" -> Linkages.merge(failing, vectors, t, true);
                        default -> consolidate(failing, vectors, t);
                    };
                    boolean sameAsReference = !linkage.equals("average") || asSets(alt).equals(
                            asSets(Linkages.merge(failing, vectors, t, false)));
                    System.out.printf(Locale.ROOT, "  %s linkage at %.2f: %3d groups; %s%s%n", linkage, t,
                            alt.size(), summary(alt, cls, vectors, lift, config),
                            sameAsReference ? "" : " (DIFFERS from the reference average linkage)");
                }
            }
        }
    }

    private static Object composer(int outputChars) throws Exception {
        Constructor<?> ctor = Class.forName("dev.feedloop.triage.TextComposer").getDeclaredConstructor(
                Redactor.class, int.class);
        ctor.setAccessible(true);
        return ctor.newInstance(Redactor.standard(), outputChars);
    }

    private static String compose(Object composer, String input, String output) throws Exception {
        Method m = composer.getClass().getDeclaredMethod("compose", String.class, String.class);
        m.setAccessible(true);
        return (String) m.invoke(composer, input, output);
    }

    @SuppressWarnings("unchecked")
    private static java.util.function.Function<float[][], int[]> clusterer() throws Exception {
        Method m = Feedloop.class.getDeclaredMethod("defaultClusterer");
        m.setAccessible(true);
        return (java.util.function.Function<float[][], int[]>) m.invoke(null);
    }

    private static int minFragment() throws Exception {
        java.lang.reflect.Field f = Class.forName("dev.feedloop.triage.Triage").getDeclaredField("MIN_FRAGMENT");
        f.setAccessible(true);
        return f.getInt(null);
    }

    /** Per planted pattern, the best F1 of a group that triage would keep (size and lift), as Evaluation. */
    private static String summary(List<List<Integer>> groups, String[] cls, float[][] vectors, Object lift,
            TriageConfig config) throws Exception {
        Map<String, Integer> totals = new TreeMap<>();
        for (String c : cls) {
            totals.merge(c, 1, Integer::sum);
        }
        Map<String, Double> best = new TreeMap<>();
        int kept = 0;
        for (List<Integer> g : groups) {
            if (g.size() < config.minClusterSize() || lift(lift, g, vectors) < config.minLift()) {
                continue;
            }
            kept += g.size();
            Map<String, Integer> in = new HashMap<>();
            g.forEach(i -> in.merge(cls[i], 1, Integer::sum));
            for (var e : in.entrySet()) {
                double precision = (double) e.getValue() / g.size();
                double recall = (double) e.getValue() / totals.get(e.getKey());
                best.merge(e.getKey(), 2 * precision * recall / (precision + recall), Math::max);
            }
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "kept %,d members; best F1", kept));
        long found = 0;
        for (String c : totals.keySet()) {
            if (!c.equals("noise")) {
                double f1 = best.getOrDefault(c, 0.0);
                found += f1 >= 0.5 ? 1 : 0;
                out.append(String.format(Locale.ROOT, " %s %.2f", c.replaceFirst("^(p\\d)-.*", "$1"), f1));
            }
        }
        return out.append("; found ").append(found).toString();
    }

    /** Cosine of cluster centroids: pairs with the same planted majority, pairs with different ones. */
    private static void similarities(List<List<Integer>> clusters, String[] cls, float[][] vectors) {
        List<float[]> centroids = clusters.stream().map(c -> centroid(c, vectors)).toList();
        List<String> majority = clusters.stream().map(c -> {
            Map<String, Integer> in = new HashMap<>();
            c.forEach(i -> in.merge(cls[i], 1, Integer::sum));
            return in.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        }).toList();
        List<Double> same = new ArrayList<>();
        List<Double> different = new ArrayList<>();
        for (int a = 0; a < centroids.size(); a++) {
            for (int b = a + 1; b < centroids.size(); b++) {
                double sim = dot(centroids.get(a), centroids.get(b));
                if (majority.get(a).equals("noise") || majority.get(b).equals("noise")) {
                    continue;
                }
                (majority.get(a).equals(majority.get(b)) ? same : different).add(sim);
            }
        }
        List<Integer> all = allIndexes(vectors.length);
        float[] mean = centroid(all, vectors);
        List<Double> toMean = centroids.stream().map(c -> dot(c, mean)).toList();
        System.out.printf(Locale.ROOT, "%ncluster centroid cosine, q10/q50/q90/max: same planted pattern %s;"
                + " different patterns %s; to the mean of all negatives %s%n", quantiles(same),
                quantiles(different), quantiles(toMean));
    }

    private static String quantiles(List<Double> values) {
        if (values.isEmpty()) {
            return "-";
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "%.2f/%.2f/%.2f/%.2f (n=%d)", v[(int) (0.1 * (v.length - 1))],
                v[(v.length - 1) / 2], v[(int) (0.9 * (v.length - 1))], v[v.length - 1], v.length);
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
    }

    private static void print(List<List<Integer>> groups, String[] cls, float[][] vectors, Object lift,
            TriageConfig config) throws Exception {
        System.out.printf("  %5s %7s %7s  %s%n", "size", "lift", "kept", "make-up (planted pattern or noise: count)");
        int keptMembers = 0;
        int shown = 0;
        for (List<Integer> g : groups.stream().sorted((a, b) -> b.size() - a.size()).toList()) {
            if (g.size() < config.minClusterSize()) {
                continue;
            }
            double l = lift(lift, g, vectors);
            boolean kept = l >= config.minLift();
            keptMembers += kept ? g.size() : 0;
            if (shown++ < 40) {
                System.out.printf(Locale.ROOT, "  %5d %7.2f %7s  %s%n", g.size(), l, kept ? "yes" : "no",
                        histogram(g, cls));
            }
        }
        System.out.printf(Locale.ROOT, "  groups >= %d members: %d (first 40 shown); members in groups kept by lift"
                + " >= %.1f: %,d%n", config.minClusterSize(), shown, config.minLift(), keptMembers);
    }

    private static String histogram(List<Integer> members, String[] cls) {
        Map<String, Integer> counts = new TreeMap<>();
        members.forEach(i -> counts.merge(cls[i], 1, Integer::sum));
        StringBuilder out = new StringBuilder();
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).forEach(e -> out
                .append(e.getKey().replaceFirst("^(p\\d)-.*", "$1")).append(':').append(e.getValue()).append(' '));
        return out.toString().strip();
    }

    private static List<Integer> allIndexes(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static List<List<Integer>> groups(int[] labels) {
        Map<Integer, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0) {
                byLabel.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
            }
        }
        return new ArrayList<>(byLabel.values());
    }

    /** The linkage thresholds swept; -Ddiag.thresholds=0.70,0.72 overrides. */
    private static double[] thresholds() {
        return java.util.Arrays.stream(System.getProperty("diag.thresholds",
                "0.63,0.66,0.69,0.72,0.75,0.78,0.82,0.85,0.88").split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    private static java.util.Set<java.util.Set<Integer>> asSets(List<List<Integer>> groups) {
        java.util.Set<java.util.Set<Integer>> out = new java.util.HashSet<>();
        groups.forEach(g -> out.add(new java.util.HashSet<>(g)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<List<Integer>> consolidate(List<List<Integer>> clusters, float[][] vectors, double threshold)
            throws Exception {
        Class<?> c = Class.forName("dev.feedloop.triage.Consolidation");
        Method merge = c.getDeclaredMethod("merge", List.class, float[][].class, double.class);
        merge.setAccessible(true);
        return (List<List<Integer>>) merge.invoke(null, clusters, vectors, threshold);
    }

    private static Object liftOf(float[][] negatives, float[][] sample) throws Exception {
        Constructor<?> ctor = Class.forName("dev.feedloop.triage.Lift").getDeclaredConstructor(float[][].class,
                float[][].class);
        ctor.setAccessible(true);
        return ctor.newInstance(negatives, sample);
    }

    private static double lift(Object lift, List<Integer> members, float[][] vectors) throws Exception {
        Method of = lift.getClass().getDeclaredMethod("of", float[].class, List.class, float[][].class);
        of.setAccessible(true);
        return (double) of.invoke(lift, centroid(members, vectors), members, vectors);
    }

    /** Mean of the members, scaled to unit length (the server's centroid). */
    private static float[] centroid(List<Integer> members, float[][] vectors) {
        return Vectors.centroid(members.stream().map(i -> vectors[i]).toList());
    }
}
