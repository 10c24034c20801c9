package dev.feedloop.bench.triage;

import dev.feedloop.Feedloop;
import dev.feedloop.demo.GroundTruth;
import dev.feedloop.demo.Simulator;
import dev.feedloop.store.NegativeRow;
import dev.feedloop.triage.TriageConfig;
import dev.feedloop.triage.embed.Embedder;
import dev.feedloop.triage.redact.Redactor;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Cold embedding throughput of triage's texts by how many texts reach the model per call.
 * EmbeddingService hands the model 256 texts at a time, and the model sorts by length only within
 * a call, so the chunk size bounds how well padding is avoided. Texts are the distinct negatives of
 * a world composed as TextComposer does by default (the redacted input, a newline, the output's
 * first outputChars characters). A chunk size ending in {@code s} ({@code 256s}) sorts the texts by
 * length first, as EmbeddingService does, so that each chunk holds texts of similar length.
 *
 * <pre>
 * java -Xmx2g -cp "bench/target/feedloop-bench.jar:bench/target/lib/*" \
 *     dev.feedloop.bench.triage.EmbedChunkBench WORLD-DIR [texts=4096] [chunks=256,1024,4096,256s]
 * </pre>
 */
public final class EmbedChunkBench {
    private static final int OUTPUT_CHARS = TriageConfig.DEFAULT.outputChars();

    private EmbedChunkBench() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        String[] chunks = (args.length > 2 ? args[2] : "256,1024,4096,256s").split(",");
        List<String> texts = texts(dir, count);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Feedloop feedloop = BenchWorld.open(dir.resolve("base.db"))) {
            Embedder model = feedloop.embedder();
            model.embed(texts.subList(0, Math.min(64, texts.size()))); // warm up the session
            System.out.printf(Locale.ROOT, "%,d distinct texts, model %s%n", texts.size(), model.modelId());
            for (String c : chunks) {
                boolean sorted = c.strip().endsWith("s");
                int chunk = Integer.parseInt(c.strip().replace("s", ""));
                List<String> input = sorted ? texts.stream().sorted(java.util.Comparator.comparingInt(String::length))
                        .toList() : texts;
                long wall = System.nanoTime();
                long cpu = os.getProcessCpuTime();
                for (int start = 0; start < input.size(); start += chunk) {
                    model.embed(input.subList(start, Math.min(input.size(), start + chunk)));
                }
                double w = (System.nanoTime() - wall) / 1e9;
                double u = (os.getProcessCpuTime() - cpu) / 1e9;
                System.out.printf(Locale.ROOT, "  chunk %5s: %6.1f s wall %6.1f s cpu, %5.0f texts/s wall, %5.0f texts"
                        + " per cpu-second%n", c.strip(), w, u, texts.size() / w, texts.size() / u);
            }
        }
    }

    private static List<String> texts(Path dir, int count) {
        try (Feedloop feedloop = BenchWorld.open(dir.resolve("base.db"))) {
            GroundTruth truth = GroundTruth.read(dir.resolve(Simulator.TRUTH_FILE));
            var from = truth.start().atStartOfDay().toInstant(ZoneOffset.UTC);
            List<NegativeRow> rows = feedloop.store().negatives(truth.project(), from,
                    from.plus(Duration.ofDays(truth.days())), TriageConfig.DEFAULT.rules());
            Redactor redactor = Redactor.standard();
            LinkedHashSet<String> distinct = new LinkedHashSet<>();
            for (NegativeRow n : rows) {
                String out = n.llmOutput().length() <= OUTPUT_CHARS ? n.llmOutput()
                        : n.llmOutput().substring(0, OUTPUT_CHARS);
                distinct.add(redactor.redact(n.userInput().strip()) + "\n" + redactor.redact(out.strip()));
                if (distinct.size() == count) {
                    break;
                }
            }
            return new ArrayList<>(distinct);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
