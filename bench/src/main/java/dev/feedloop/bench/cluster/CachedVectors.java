package dev.feedloop.bench.cluster;

import dev.feedloop.triage.embed.Embedder;
import dev.feedloop.triage.embed.Embedders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Embeds a data set once per model and keeps the vectors under {@code bench/target/vectors}. */
final class CachedVectors {
    static final Path DIR = Path.of(System.getProperty("feedloop.vectors", "bench/target/vectors"));

    private CachedVectors() {
    }

    static float[][] of(Dataset ds, List<String> texts, String model) throws IOException {
        Path file = DIR.resolve(ds.name() + "-" + model + ".f32");
        if (Files.isRegularFile(file)) {
            float[][] v = VectorFile.read(file);
            if (v.length == texts.size()) {
                return v;
            }
        }
        long t0 = System.nanoTime();
        List<float[]> vectors;
        try (Embedder e = Embedders.create(model)) {
            vectors = e.embed(texts);
        }
        System.err.printf("embedded %s with %s: %d texts in %.1f s%n", ds.name(), model, texts.size(),
                (System.nanoTime() - t0) / 1e9);
        VectorFile.write(file, vectors);
        return vectors.toArray(float[][]::new);
    }
}
