package dev.feedloop.bench.ingest;

import dev.feedloop.capture.CaptureRules;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedloop.store.Batch;
import dev.feedloop.capture.Ingestor;
import dev.feedloop.capture.Pseudonymizer;
import dev.feedloop.capture.RecordKind;
import dev.feedloop.capture.RecordParser;
import dev.feedloop.store.ApiKeyRecord;
import dev.feedloop.store.Store;
import dev.feedloop.store.StoredFeedback;
import dev.feedloop.store.StoredResponse;
import dev.feedloop.store.WriteResult;
import dev.feedloop.store.sqlite.SqliteStore;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the server's CPU goes per ingested event, without HTTP: process CPU time per event of
 * each stage of the ingest path, one caller thread, so the figures hold on a busy machine where
 * wall-clock rates do not. Stages: Jackson readTree; readTree + parse/validate (a store that
 * stores nothing); the full ingest into SQLite (caller plus the group-commit writer thread).
 *
 * <p>Usage: {@code IngestCpu [--size 500] [--seconds 5] [--durability normal] [--dir /tmp]}.
 */
public final class IngestCpu {
    private IngestCpu() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, "size", "seconds", "durability", "dir", "threads");
        int threads = args.integer("threads", 1);
        int size = args.integer("size", 500);
        long nanos = args.integer("seconds", 5) * 1_000_000_000L;
        Path dir = Files.createTempDirectory(Path.of(args.get("dir", System.getProperty("java.io.tmpdir"))), "ingestcpu");
        SqliteStore.Durability durability = SqliteStore.Durability.valueOf(
                args.get("durability", "normal").toUpperCase(Locale.ROOT));
        ObjectMapper json = new ObjectMapper();
        Clock clock = Clock.systemUTC();
        RecordParser parser = new RecordParser(clock, new Pseudonymizer(new byte[32]));
        Bodies bodies = new Bodies(size, clock.instant().truncatedTo(ChronoUnit.SECONDS));
        try (SqliteStore store = SqliteStore.open(dir.resolve("cpu.db"), clock, durability, CaptureRules.STANDARD)) {
            Ingestor real = new Ingestor(parser, store);
            real.ingest(RecordKind.RESPONSE, json.readTree(seed()), "default");
            Ingestor parseOnly = new Ingestor(parser, new NullStore());
            for (int pass = 0; pass < 2; pass++) {
                String label = pass == 0 ? "warm-up " : "";
                report(label + "readTree", size, nanos, () -> json.readTree(bodies.next()));
                report(label + "readTree+parse", size, nanos,
                        () -> parseOnly.ingest(RecordKind.FEEDBACK, json.readTree(bodies.next()), "default"));
                report(label + "readTree+parse+store", size, nanos,
                        () -> real.ingest(RecordKind.FEEDBACK, json.readTree(bodies.next()), "default"));
                if (threads > 1) {
                    concurrent(label + "same, " + threads + " callers", size, threads, nanos,
                            () -> real.ingest(RecordKind.FEEDBACK, json.readTree(bodies.next()), "default"));
                }
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void report(String label, int size, long nanos, Step step) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        long events = 0;
        while (System.nanoTime() - start < nanos) {
            step.run();
            events += size;
        }
        double wall = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%-32s size=%d events=%d cpu_us_per_event=%.2f events_per_s=%.0f%n", label,
                size, events, (os.getProcessCpuTime() - cpu0) / 1e3 / events, events / wall);
    }

    /** Like {@link #report} with several callers, so the writer groups their commits. */
    private static void concurrent(String label, int size, int threads, long nanos, Step step) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        java.util.concurrent.atomic.AtomicLong events = new java.util.concurrent.atomic.AtomicLong();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        List<Thread> callers = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread caller = new Thread(() -> {
                try {
                    while (System.nanoTime() - start < nanos) {
                        step.run();
                        events.addAndGet(size);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            caller.start();
            callers.add(caller);
        }
        for (Thread caller : callers) {
            caller.join();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%-32s size=%d events=%d cpu_us_per_event=%.2f events_per_s=%.0f%n", label,
                size, events.get(), (os.getProcessCpuTime() - cpu0) / 1e3 / events.get(), events.get() / wall);
    }

    private static byte[] seed() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            out.append(i == 0 ? "" : ",").append("{\"request_id\":\"req-").append(i)
                    .append("\",\"prompt_version\":\"v1\",\"user_input\":\"How do I reset my card PIN?\",\"llm_output\":\"")
                    .append(Texts.OUTPUT).append("\"}");
        }
        return out.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Request bodies as batch.lua makes them: unique ids, the same mix of signals. */
    private static final class Bodies {
        private final int size;
        private final String ts;
        private final JdbcCeiling.Rows rows = new JdbcCeiling.Rows("cpu", 0);

        Bodies(int size, Instant ts) {
            this.size = size;
            this.ts = ts.toString();
        }

        synchronized byte[] next() {
            StringBuilder out = new StringBuilder(size * 120);
            out.append(size == 1 ? "" : "[");
            for (int i = 0; i < size; i++) {
                JdbcCeiling.Row r = rows.next();
                out.append(i == 0 ? "" : ",").append("{\"event_id\":\"").append(r.eventId())
                        .append("\",\"request_id\":\"").append(r.requestId()).append("\",\"timestamp\":\"").append(ts)
                        .append("\",\"implicit_signal\":\"").append(r.signal()).append('"');
                if (r.rating() != null) {
                    out.append(",\"explicit_rating\":").append(r.rating());
                }
                if (r.edited() != null) {
                    out.append(",\"edited_output\":\"").append(r.edited()).append('"');
                }
                out.append('}');
            }
            out.append(size == 1 ? "" : "]");
            return out.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Stores nothing and reports every item as new, to time parsing alone. */
    private static final class NullStore extends CaptureOnlyStore {
        @Override
        public WriteResult write(Batch batch) {
            return new WriteResult(Collections.nCopies(batch.responses().size(), true),
                    Collections.nCopies(batch.feedback().size(), true));
        }

        @Override
        public Optional<StoredResponse> response(String project, String requestId) {
            return Optional.empty();
        }

        @Override
        public List<StoredFeedback> feedback(String project, String requestId) {
            return List.of();
        }

        @Override
        public void saveKey(ApiKeyRecord key) {
        }

        @Override
        public Optional<ApiKeyRecord> key(String keyId) {
            return Optional.empty();
        }

        @Override
        public List<ApiKeyRecord> keys(String project) {
            return List.of();
        }

        @Override
        public boolean revokeKey(String keyId, Instant at) {
            return false;
        }

        @Override
        public long keyRevocations() {
            return 0;
        }

        @Override
        public String setting(String name, Supplier<String> initial) {
            return initial.get();
        }

        @Override
        public void close() {
        }
    }
}
