package dev.feedloop.bench.cluster;

import java.nio.file.Path;
import java.util.Arrays;

/** Clustering and embedding benchmarks; run by bench/cluster/run.sh. */
public final class ClusterBench {
    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        String cmd = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (cmd) {
            case "dump" -> dump(rest);
            case "scale-header" -> ScaleBench.header();
            case "scale" -> ScaleBench.run(Integer.parseInt(rest[0]));
            case "embed" -> EmbedBench.run(list(rest, 0, "bge-small-en-v1.5-q,all-minilm-l6-v2-q"));
            case "few" -> FewPatternsBench.run(list(rest, 0, "banking77,hwu64,stackoverflow20"),
                    rest.length > 1 ? rest[1] : "bge-small-en-v1.5-q");
            case "cut" -> CutBench.run(rest.length > 0 ? rest[0] : "bge-small-en-v1.5-q");
            case "calibrate" -> CalibrationBench.run(rest.length > 0 ? rest[0] : "bge-small-en-v1.5-q");
            case "quality" -> QualityBench.run(list(rest, 0, "banking77,hwu64,stackoverflow20"),
                    list(rest, 1, "bge-small-en-v1.5-q,all-minilm-l6-v2-q"), rest.length > 2 && rest[2].equals("sweep"));
            default -> System.err.println("usage: ClusterBench dump|quality|cut|embed|scale|calibrate ...");
        }
    }

    private static java.util.List<String> list(String[] args, int i, String dflt) {
        return Arrays.asList((args.length > i ? args[i] : dflt).split(","));
    }

    /** Writes vectors and labels for offline inspection. */
    static void dump(String[] args) throws Exception {
        String model = args.length > 0 ? args[0] : "bge-small-en-v1.5-q";
        for (Dataset ds : Dataset.all()) {
            Dataset.Loaded data = ds.load();
            CachedVectors.of(ds, data.texts(), model);
            VectorFile.writeLabels(CachedVectors.DIR.resolve(ds.name() + ".labels"), data.labels());
        }
    }
}
