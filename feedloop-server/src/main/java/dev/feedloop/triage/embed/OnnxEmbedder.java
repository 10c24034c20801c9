package dev.feedloop.triage.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Local sentence embeddings with ONNX Runtime, fully offline.
 *
 * <p>Throughput comes from three choices, measured in {@code bench/cluster/run.sh embed}: texts are
 * sorted by token count and run in batches (little padding, few native calls); each worker thread
 * runs the shared session with one intra-op thread, so the cores never contend; and tokenisation
 * happens once, natively, for the whole list. Texts longer than {@link Options#maxTokens()} are
 * truncated, as sentence-transformers does.
 *
 * <p>Thread-safe: ONNX Runtime sessions accept concurrent {@code run} calls.
 */
public final class OnnxEmbedder implements Embedder {

    /**
     * Tuning knobs.
     *
     * @param threads worker threads running the session concurrently (default: available cores)
     * @param batchSize texts per ONNX call (default 16)
     * @param intraOpThreads ONNX Runtime threads inside one call (default 1)
     * @param maxTokens truncation length including [CLS]/[SEP] (default and maximum 512)
     */
    public record Options(int threads, int batchSize, int intraOpThreads, int maxTokens) {
        public Options {
            if (threads < 1 || batchSize < 1 || intraOpThreads < 1) {
                throw new IllegalArgumentException("threads, batchSize and intraOpThreads must be >= 1, got "
                        + threads + ", " + batchSize + ", " + intraOpThreads);
            }
            if (maxTokens < 2 || maxTokens > 512) {
                throw new IllegalArgumentException("maxTokens must be in [2, 512], got " + maxTokens);
            }
        }

        /** The configuration the benchmark found best on 2 cores. */
        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), 16, 1, 512);
        }
    }

    private static final Pattern SPACES = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private final LocalModel model;
    private final Options options;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean needsTypeIds;
    private final ExecutorService workers;

    private OnnxEmbedder(LocalModel model, Options options) throws OrtException, IOException {
        this.model = model;
        this.options = options;
        this.env = OrtEnvironment.getEnvironment();
        OrtTempFolder.removeAtExit();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(options.intraOpThreads());
            so.setInterOpNumThreads(1);
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(model.modelBytes(), so);
        }
        try (InputStream in = model.tokenizerStream()) {
            this.tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of(
                    "padding", "false", "truncation", "true",
                    "maxLength", Integer.toString(options.maxTokens())));
        }
        this.needsTypeIds = session.getInputNames().contains("token_type_ids");
        this.workers = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "feedloop-embed");
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads a shipped model with {@link Options#defaults()}; takes a second or two. */
    public static OnnxEmbedder load(LocalModel model) {
        return load(model, Options.defaults());
    }

    /**
     * Loads a shipped model.
     *
     * @throws EmbeddingException if ONNX Runtime or the tokenizer cannot start
     */
    public static OnnxEmbedder load(LocalModel model, Options options) {
        try {
            return new OnnxEmbedder(model, options);
        } catch (OrtException | IOException | RuntimeException e) {
            if (e instanceof EmbeddingException ee) {
                throw ee;
            }
            throw new EmbeddingException("cannot start local model " + model.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String modelId() {
        return model.id();
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    public Options options() {
        return options;
    }

    /**
     * Lower case, runs of whitespace as one space, no leading or trailing whitespace. Both shipped
     * tokenizers are uncased BERT ({@code BertNormalizer} with {@code lowercase: true}, then
     * {@code BertPreTokenizer}, which splits on whitespace; read from their tokenizer.json), so case
     * and spacing never reach the model: "Where is my bag?" and "where is  my bag?" are the same
     * token ids and can share one cached vector. A cold triage of the 100k-negative demo world
     * embedded 81,755 texts instead of 88,253 (-7.4 %; bench TriageScaleBench).
     */
    @Override
    public String canonical(String text) {
        return SPACES.matcher(text).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        long[][] ids = tokenize(texts);
        if (ids.length == 0) {
            return List.of();
        }
        Integer[] order = IntStream.range(0, ids.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> ids[i].length));
        float[][] out = new float[ids.length][];
        List<Future<?>> pending = new ArrayList<>();
        for (int[] batch : batches(order, ids, options.batchSize())) {
            pending.add(workers.submit(() -> runBatch(ids, batch, out)));
        }
        for (Future<?> f : pending) {
            await(f);
        }
        return Arrays.asList(out);
    }

    /**
     * Texts up to this many tokens go {@code batchSize} to a call; longer ones in smaller calls. A
     * call's working memory grows with texts x tokens^2 (the attention matrices), and ONNX Runtime
     * keeps its peak for the life of the session: 16 texts of 512 tokens took the process from 152
     * to 1,051 MiB, one at a time to 159 MiB, and ran faster too (32 such texts: 6.4 s in calls of 16,
     * 5.0 s one by one; 2 shared cores).
     */
    static final int FULL_BATCH_TOKENS = 128;

    /**
     * Splits texts sorted by length into calls of at most {@code batchSize} texts whose texts x
     * longest^2 stays within {@code batchSize x FULL_BATCH_TOKENS^2}; every call holds one text at least.
     */
    static List<int[]> batches(Integer[] sortedByLength, long[][] ids, int batchSize) {
        long budget = (long) batchSize * FULL_BATCH_TOKENS * FULL_BATCH_TOKENS;
        List<int[]> out = new ArrayList<>();
        int from = 0;
        while (from < sortedByLength.length) {
            int to = from + 1; // sorted ascending: the last text added is the longest
            while (to < sortedByLength.length && to - from < batchSize) {
                long longest = ids[sortedByLength[to]].length;
                if ((to - from + 1) * longest * longest > budget) {
                    break;
                }
                to++;
            }
            int[] batch = new int[to - from];
            for (int k = 0; k < batch.length; k++) {
                batch[k] = sortedByLength[from + k];
            }
            out.add(batch);
            from = to;
        }
        return out;
    }

    /** Token ids per text, with [CLS] and [SEP], truncated to {@link Options#maxTokens()}. */
    long[][] tokenize(List<String> texts) {
        if (texts == null || texts.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("texts must be a list without nulls");
        }
        Encoding[] enc = tokenizer.batchEncode(texts);
        long[][] ids = new long[enc.length][];
        for (int i = 0; i < enc.length; i++) {
            ids[i] = enc[i].getIds();
        }
        return ids;
    }

    /** Runs one padded batch and writes the pooled unit vectors of its texts into {@code out}. */
    void runBatch(long[][] ids, int[] batch, float[][] out) {
        int len = 0;
        for (int i : batch) {
            len = Math.max(len, ids[i].length);
        }
        long[] inputIds = new long[batch.length * len];
        long[] mask = new long[batch.length * len];
        for (int b = 0; b < batch.length; b++) {
            long[] row = ids[batch[b]];
            System.arraycopy(row, 0, inputIds, b * len, row.length);
            Arrays.fill(mask, b * len, b * len + row.length, 1L);
        }
        long[] shape = {batch.length, len};
        try (OnnxTensor idT = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(inputIds), shape);
             OnnxTensor maskT = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(mask), shape);
             OnnxTensor typeT = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(new long[inputIds.length]), shape)) {
            Map<String, OnnxTensor> inputs = needsTypeIds
                    ? Map.of("input_ids", idT, "attention_mask", maskT, "token_type_ids", typeT)
                    : Map.of("input_ids", idT, "attention_mask", maskT);
            try (OrtSession.Result result = session.run(inputs)) {
                java.nio.FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                pool(hidden, batch, ids, len, out);
            }
        } catch (OrtException e) {
            throw new EmbeddingException("ONNX Runtime failed on a batch of " + batch.length
                    + " texts of model " + model.id() + ": " + e.getMessage(), e);
        }
    }

    private void pool(java.nio.FloatBuffer hidden, int[] batch, long[][] ids, int len, float[][] out) {
        int dim = model.dimension();
        for (int b = 0; b < batch.length; b++) {
            float[] v = new float[dim];
            int base = b * len * dim;
            if (model.pooling() == LocalModel.Pooling.CLS) {
                hidden.get(base, v);
            } else {
                int tokens = ids[batch[b]].length;
                float[] row = new float[dim];
                for (int t = 0; t < tokens; t++) {
                    hidden.get(base + t * dim, row);
                    for (int d = 0; d < dim; d++) {
                        v[d] += row[d];
                    }
                }
                // Mean pooling then normalisation: the 1/tokens factor cancels in the norm.
            }
            out[batch[b]] = Vectors.l2Normalize(v);
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new EmbeddingException("embedding failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        tokenizer.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new EmbeddingException("cannot close ONNX session of " + model.id(), e);
        }
    }
}
