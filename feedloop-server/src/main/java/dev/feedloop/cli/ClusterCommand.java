package dev.feedloop.cli;

import dev.feedloop.triage.cluster.ClusterConfig;
import dev.feedloop.triage.cluster.ClusterResult;
import dev.feedloop.triage.cluster.Clusterer;
import dev.feedloop.triage.embed.Embedder;
import dev.feedloop.triage.embed.Embedders;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code feedloop cluster}: clusters any list of texts, one a line, without being told how many
 * clusters there are; writes one label a line (-1 for noise and for blank lines), so line i of
 * the output belongs to line i of the input.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Cluster texts (one a line) into groups, finding the number of groups itself.",
                "Writes one cluster label a line, aligned with the input; -1 marks noise and blank lines."})
public final class ClusterCommand implements Callable<Integer> {
    private static final int CHUNK = 1024;

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "UTF-8 text file, one text a line")
    Path input;

    @Option(names = "--output", paramLabel = "FILE", description = "where to write the labels (default: standard output)")
    Path output;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "bge-small-en-v1.5-q",
            description = "local embedding model: bge-small-en-v1.5-q (default) or all-minilm-l6-v2-q")
    String model;

    @Option(names = "--threshold", paramLabel = "X",
            description = "ceiling of the merge cost as a fraction of the total variance (default ${DEFAULT-VALUE}); smaller caps how broad clusters of large inputs get",
            defaultValue = "" + ClusterConfig.DEFAULT_MERGE_THRESHOLD)
    double threshold;

    @Option(names = "--min-size", paramLabel = "N", defaultValue = "" + ClusterConfig.DEFAULT_MIN_CLUSTER_SIZE,
            description = "smallest cluster reported; smaller ones become noise (default ${DEFAULT-VALUE})")
    int minSize;

    private final Function<String, Embedder> embedders;

    /** The command as wired into {@code feedloop}: loads the named local ONNX model. */
    public ClusterCommand() {
        this(Embedders::create);
    }

    /** For tests and embedding into other tools: {@code embedders} maps a model name to an embedder. */
    public ClusterCommand(Function<String, Embedder> embedders) {
        this.embedders = embedders;
    }

    @Override
    public Integer call() throws IOException {
        ClusterConfig config = config();
        List<String> lines = readLines();
        List<String> texts = new ArrayList<>();
        List<Integer> lineOf = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                texts.add(lines.get(i).strip());
                lineOf.add(i);
            }
        }
        int[] labels = new int[lines.size()];
        java.util.Arrays.fill(labels, -1);
        ClusterResult result = null;
        if (!texts.isEmpty()) {
            float[][] vectors = embed(texts);
            result = new Clusterer(config).cluster(vectors);
            for (int k = 0; k < texts.size(); k++) {
                labels[lineOf.get(k)] = result.labels()[k];
            }
        }
        write(labels);
        spec.commandLine().getErr().printf("feedloop cluster: %d texts, %d clusters, %d noise%n", texts.size(),
                result == null ? 0 : result.clusterCount(), result == null ? 0 : result.noiseCount());
        spec.commandLine().getErr().flush();
        return 0;
    }

    private ClusterConfig config() {
        try {
            return ClusterConfig.defaults().withMergeThreshold(threshold).withMinClusterSize(minSize);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid option: " + e.getMessage());
        }
    }

    private List<String> readLines() throws IOException {
        try {
            return Files.readAllLines(input, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "Input file not found: " + input
                    + " (give a text file with one text a line)");
        } catch (CharacterCodingException e) {
            throw new ParameterException(spec.commandLine(), "Input file " + input
                    + " is not valid UTF-8; convert it first, e.g. with iconv -t UTF-8");
        }
    }

    private float[][] embed(List<String> texts) {
        boolean terminal = System.console() != null;
        PrintWriter err = spec.commandLine().getErr();
        float[][] out = new float[texts.size()][];
        try (Embedder embedder = create()) {
            long t0 = System.nanoTime();
            for (int from = 0; from < texts.size(); from += CHUNK) {
                List<float[]> part = embedder.embed(texts.subList(from, Math.min(texts.size(), from + CHUNK)));
                for (int k = 0; k < part.size(); k++) {
                    out[from + k] = part.get(k);
                }
                if (terminal) {
                    int done = Math.min(texts.size(), from + CHUNK);
                    double secs = (System.nanoTime() - t0) / 1e9;
                    err.printf("\rembedding %d/%d texts (%.0f/s)", done, texts.size(), done / Math.max(secs, 1e-9));
                    err.flush();
                }
            }
            if (terminal) {
                err.println();
            }
        }
        return out;
    }

    private Embedder create() {
        try {
            return embedders.apply(model);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid --model: " + e.getMessage());
        }
    }

    private void write(int[] labels) throws IOException {
        StringBuilder sb = new StringBuilder(labels.length * 3);
        for (int l : labels) {
            sb.append(l).append('\n');
        }
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(sb);
            out.flush();
        } else {
            try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                w.write(sb.toString());
            }
        }
    }
}
