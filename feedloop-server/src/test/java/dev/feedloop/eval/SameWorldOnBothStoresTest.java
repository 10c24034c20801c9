package dev.feedloop.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.Feedloop;
import dev.feedloop.demo.WorldSpec;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.Store;
import dev.feedloop.store.postgres.TestPostgres;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.triage.Triage;
import dev.feedloop.triage.TriageReport;
import dev.feedloop.triage.embed.Embedder;
import dev.feedloop.triage.embed.Embedders;
import dev.feedloop.verify.VerifyResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop (simulate, import, weekly triage, fixes, verification) on the same demo world, once
 * on SQLite and once on PostgreSQL, with the real local model: the two stores give the same
 * patterns, members, causes and verdicts.
 */
class SameWorldOnBothStoresTest {
    @TempDir
    Path dir;

    @Test
    void sameDemoWorld_givesTheSamePatternsCausesAndVerdictsOnSqliteAndPostgres() throws Exception {
        WorldSpec spec = WorldSpec.defaults().withDays(21).withPerDay(400);
        Instant end = spec.start().atStartOfDay().toInstant(ZoneOffset.UTC).plus(Duration.ofDays(spec.days()));
        Clock clock = Clock.fixed(end, ZoneOffset.UTC);
        try (Embedder loaded = Embedders.create(Embedders.DEFAULT_MODEL, 2)) {
            Embedder model = new Shared(loaded);
            Loop sqlite = run(dir.resolve("t.db").toString(), clock, model, spec, "sqlite");
            Loop postgres = run(TestPostgres.freshUrl(), clock, model, spec, "postgres");

            assertThat(sqlite.patterns).as("patterns found").hasSizeGreaterThanOrEqualTo(3);
            assertThat(postgres.patterns).isEqualTo(sqlite.patterns);
            assertThat(postgres.weeks).isEqualTo(sqlite.weeks);
            assertThat(sqlite.verdicts).as("fixes judged").isNotEmpty();
            assertThat(postgres.verdicts).isEqualTo(sqlite.verdicts);
            assertThat(postgres.score).isEqualTo(sqlite.score);
        }
    }

    /** What one store's loop produced, in comparable form. */
    record Loop(Map<String, String> patterns, List<String> weeks, Map<String, String> verdicts,
            Evaluation.Score score) {
    }

    private Loop run(String db, Clock clock, Embedder model, WorldSpec spec, String name) throws Exception {
        Path work = Files.createDirectories(dir.resolve(name));
        try (Feedloop feedloop = Feedloop.open(db, clock, SqliteStore.Durability.NORMAL, "")
                .withEmbedder(model)) {
            DemoLoop.Outcome outcome = new DemoLoop(new PrintWriter(new StringWriter())).run(feedloop, spec, work,
                    Triage.Listener.NONE);
            Store store = feedloop.store();
            String project = outcome.truth().project();
            Map<String, String> patterns = new TreeMap<>();
            for (PatternRecord p : store.patterns(project)) {
                patterns.put(p.patternId(), p.status() + " " + p.effectiveCause() + " " + p.causeConfidence()
                        + " members=" + p.memberCount() + " assigned="
                        + store.members(project, p.patternId(), Instant.EPOCH, clock.instant()).hashCode()
                        + " merged_into=" + p.mergedInto() + " name=" + p.name());
            }
            List<String> weeks = outcome.runs().stream().map(SameWorldOnBothStoresTest::week).toList();
            Map<String, String> verdicts = new TreeMap<>();
            for (VerifyResult v : outcome.verdicts()) {
                verdicts.put(v.patternId(), v.method() + " " + v.verdict().verdict() + " " + v.before() + " "
                        + v.after() + " " + v.patternStatus());
            }
            return new Loop(patterns, weeks, verdicts, outcome.score());
        }
    }

    private static String week(TriageReport r) {
        return r.from() + " negatives=" + r.negatives() + " unassigned=" + r.unassignedRequestIds().size() + " "
                + r.patterns().stream().map(p -> p.id() + (p.isNew() ? "*" : "") + ":" + p.cause() + ":"
                        + p.requestIds().size()).toList();
    }

    /**
     * The one loaded model, lent to each Feedloop without being closed by it; it remembers its vectors,
     * so the second store's run does not pay for the model again (its own cache starts empty all the same).
     */
    private record Shared(Embedder model, Map<String, float[]> memo) implements Embedder {
        Shared(Embedder model) {
            this(model, new java.util.concurrent.ConcurrentHashMap<>());
        }

        @Override
        public String modelId() {
            return model.modelId();
        }

        @Override
        public int dimension() {
            return model.dimension();
        }

        @Override
        public String canonical(String text) {
            return model.canonical(text);
        }

        @Override
        public List<float[]> embed(List<String> texts) {
            List<String> missing = texts.stream().filter(t -> !memo.containsKey(t)).distinct().toList();
            if (!missing.isEmpty()) {
                List<float[]> vectors = model.embed(missing);
                for (int i = 0; i < missing.size(); i++) {
                    memo.put(missing.get(i), vectors.get(i));
                }
            }
            return texts.stream().map(memo::get).toList();
        }
    }
}
