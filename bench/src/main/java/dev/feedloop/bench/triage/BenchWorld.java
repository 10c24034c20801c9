package dev.feedloop.bench.triage;

import dev.feedloop.Feedloop;
import dev.feedloop.capture.FileImporter;
import dev.feedloop.demo.GroundTruth;
import dev.feedloop.demo.Simulator;
import dev.feedloop.demo.WorldSpec;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A simulated world imported into a SQLite file, and the database chores the triage benchmarks
 * share: opening it, copying it, and forgetting every triage result while keeping the vector cache.
 *
 * @param dir   where the simulator wrote its files and the database lives
 * @param db    the imported database, never triaged (benchmarks copy it)
 * @param truth what the simulator planted
 */
record BenchWorld(Path dir, Path db, GroundTruth truth) {
    /** A fixed secret so user pseudonyms, hence the database, are the same on every run. */
    static final String PSEUDONYM_SECRET = "feedloop-triage-benchmark";
    /** Tables a triage run writes; the embeddings cache is deliberately not among them. */
    private static final List<String> TRIAGE_TABLES = List.of("assignments", "patterns", "pattern_events",
            "triage_runs", "fixes");

    /**
     * Simulates {@code spec} into {@code dir} and imports it into {@code dir/base.db}, or reuses both
     * when a previous run left them there for the same spec (a marker file records a finished import).
     */
    static BenchWorld prepare(WorldSpec spec, Path dir, java.io.PrintStream log) {
        Path db = dir.resolve("base.db");
        Path done = dir.resolve("imported.ok");
        try {
            GroundTruth previous = Files.exists(done) && Files.exists(db)
                    ? GroundTruth.read(dir.resolve(Simulator.TRUTH_FILE)) : null;
            if (previous != null && previous.seed() == spec.seed() && previous.perDay() == spec.perDay()
                    && previous.days() == spec.days() && previous.noiseRate() == spec.noiseRate()) {
                GroundTruth truth = previous;
                log.printf(Locale.ROOT, "  reusing %s (%,d responses, %,d negatives planted or noise)%n", db,
                        truth.counts().responses(), truth.counts().negatives());
                return new BenchWorld(dir, db, truth);
            }
            Files.createDirectories(dir);
            Files.deleteIfExists(done);
            Files.deleteIfExists(db);
            long t0 = System.nanoTime();
            GroundTruth truth = Simulator.run(spec, dir);
            long t1 = System.nanoTime();
            try (Feedloop feedloop = open(db)) {
                FileImporter importer = new FileImporter(feedloop.ingestor(), truth.project());
                for (String file : List.of(Simulator.RESPONSES_FILE, Simulator.FEEDBACK_FILE)) {
                    FileImporter.Summary s = importer.importFile(dir.resolve(file), (f, read, total, lines) -> { });
                    if (s.rejected() > 0) {
                        throw new IllegalStateException(file + ": " + s.rejected() + " records rejected, first "
                                + s.firstRejections());
                    }
                }
            }
            long t2 = System.nanoTime();
            log.printf(Locale.ROOT, "  simulated %,d responses / %,d negatives in %.1f s, imported in %.1f s%n",
                    truth.counts().responses(), truth.counts().negatives(), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            Files.writeString(done, "ok\n");
            return new BenchWorld(dir, db, truth);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the world in " + dir, e);
        }
    }

    Instant start() {
        return truth.start().atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    Instant end() {
        return start().plus(Duration.ofDays(truth.days()));
    }

    String project() {
        return truth.project();
    }

    /** A copy of the untriaged database under {@code name}, replacing any earlier copy. */
    Path copy(String name) {
        return copy(db, dir.resolve(name));
    }

    static Path copy(Path from, Path to) {
        try {
            for (String suffix : List.of("-wal", "-shm")) {
                Files.deleteIfExists(Path.of(to + suffix));
            }
            return Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    static Feedloop open(Path db) {
        return Feedloop.open(db.toString(), Clock.systemUTC(), SqliteStore.Durability.NORMAL, "", PSEUDONYM_SECRET);
    }

    /**
     * Deletes every triage result from a closed database, keeping responses, feedback and cached
     * vectors: the next run starts with no pattern but embeds nothing it embedded before.
     */
    static void forgetTriage(Path db) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String table : TRIAGE_TABLES) {
                s.executeUpdate("DELETE FROM " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset the triage tables of " + db + ": " + e.getMessage(), e);
        }
    }

    /** Cached vectors in a database (all models). */
    static long cachedVectors(Path db) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM embeddings")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the vectors of " + db + ": " + e.getMessage(), e);
        }
    }

    /** Request id to pattern id for every negative assigned to a pattern, over all time. */
    static Map<String, String> labels(Feedloop feedloop, String project) {
        Map<String, String> out = new HashMap<>();
        Instant from = Instant.EPOCH;
        Instant to = Instant.parse("9999-01-01T00:00:00Z");
        for (PatternRecord p : feedloop.store().patterns(project)) {
            for (String id : feedloop.store().members(project, p.patternId(), from, to)) {
                out.put(id, p.patternId());
            }
        }
        return out;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
