package dev.feedloop.store.postgres;

import dev.feedloop.store.VectorBlobs;
import dev.feedloop.store.NegativeRow;
import dev.feedloop.store.NegativeRules;
import dev.feedloop.store.ResponseSample;
import dev.feedloop.store.RetrievedDoc;
import dev.feedloop.store.TriageStore.Dimension;
import dev.feedloop.store.TriageStore.NegativeText;
import dev.feedloop.store.TriageStore.SessionPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Triage's reads over captured traffic on PostgreSQL: negatives of a window, session pairs, counts,
 * samples and cached vectors. The same results as the SQLite store's; the queries are written so
 * that a window is an index range scan on {@code (project, ts)} and negative feedback is found in
 * the partial index {@code feedback_negative} (see the README's "Running at scale").
 */
final class PgTriage {
    /** Feedback that settles an earlier response (see {@code SqliteSessionPairs.SETTLED}). */
    private static final String SETTLED = "f.implicit_signal IN ('regenerated', 'abandoned', 'reasked', 'accepted')"
            + " OR f.explicit_rating >= 4 OR f.thumbs = 'up'";
    private static final String PAIRS = "SELECT a.request_id, a.user_input, b.request_id, b.user_input"
            + " FROM responses a JOIN responses b ON b.project = a.project AND b.session_id = a.session_id"
            + " AND b.ts > a.ts AND b.ts <= a.ts + ? * interval '1 millisecond'"
            + " WHERE a.project = ? AND a.session_id IS NOT NULL AND NOT a.reasked"
            + " AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.project = a.project AND f.request_id = a.request_id"
            + " AND (" + SETTLED + "))";

    private final PgDatabase db;
    private final Clock clock;

    PgTriage(PgDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * The condition on a feedback row {@code f} that makes its response negative. The rules' values
     * are written into the SQL (signal names from a fixed vocabulary, numbers validated by
     * {@link NegativeRules}) so that, under the default rules, the condition is the partial index's.
     */
    static String negativeFeedbackSql(NegativeRules rules) {
        List<String> parts = new ArrayList<>();
        List<String> signals = new ArrayList<>();
        for (String s : List.of("regenerated", "abandoned", "reasked", "edited", "accepted")) {
            if (rules.signals().contains(s)) {
                signals.add("'" + s + "'");
            }
        }
        if (!signals.isEmpty()) {
            parts.add("f.implicit_signal IN (" + String.join(", ", signals) + ")");
        }
        parts.add("f.edit_magnitude >= " + String.format(Locale.ROOT, "%s", rules.minEditMagnitude()));
        if (rules.figureEdits()) {
            parts.add("f.figures_edited");
        }
        parts.add("f.explicit_rating <= " + rules.maxRating());
        if (rules.thumbsDown()) {
            parts.add("f.thumbs = 'down'");
        }
        return "(" + String.join(" OR ", parts) + ")";
    }

    List<NegativeRow> negatives(String project, Instant from, Instant to, NegativeRules rules) {
        String sql = "SELECT r.request_id, r.ts, r.prompt_version, r.model, r.user_input, r.llm_output,"
                + " r.max_retrieval_score, r.retrieved_context, r.reasked,"
                + " f.implicit_signal, f.explicit_rating, f.thumbs, f.edited_output, f.edit_magnitude, f.figures_edited"
                // each negative's feedback by feedback_by_request: a plain join (or a LATERAL one the planner
                // may flatten; OFFSET 0 forbids it) hashed the project's whole feedback table in a
                // sequential scan (EXPLAIN in the README, "Running at scale")
                + " FROM responses r LEFT JOIN LATERAL (SELECT * FROM feedback f WHERE f.project = r.project"
                + " AND f.request_id = r.request_id OFFSET 0) f ON true"
                + " WHERE r.project = ? AND r.ts >= ? AND r.ts < ? AND ("
                + (rules.reasked() ? "r.reasked OR " : "")
                + " EXISTS (SELECT 1 FROM feedback f WHERE f.project = r.project AND f.request_id = r.request_id AND "
                + negativeFeedbackSql(rules) + "))"
                + " ORDER BY r.ts, r.request_id COLLATE \"C\"";
        return db.read(c -> {
            List<NegativeRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindWindow(ps, project, from, to);
                ps.setFetchSize(2_000);
                c.setAutoCommit(false); // a cursor: the driver streams a large window instead of holding it
                try (ResultSet rs = ps.executeQuery()) {
                    Builder current = null;
                    while (rs.next()) {
                        String id = rs.getString(1);
                        if (current == null || !current.requestId.equals(id)) {
                            if (current != null) {
                                out.add(current.build());
                            }
                            current = new Builder(rs, rules);
                        }
                        current.addFeedback(rs, rules);
                    }
                    if (current != null) {
                        out.add(current.build());
                    }
                } finally {
                    c.commit();
                    c.setAutoCommit(true);
                }
            }
            return out;
        });
    }

    List<NegativeText> negativeTextsIngestedAfter(String project, Instant ingestedAfter, NegativeRules rules) {
        String negative = negativeFeedbackSql(rules);
        String sql = "SELECT r.request_id, r.user_input, r.llm_output FROM responses r"
                + " WHERE r.project = ? AND r.request_id IN ("
                + " SELECT f.request_id FROM feedback f WHERE f.project = ? AND f.ingested_at > ? AND " + negative
                + " UNION SELECT n.request_id FROM responses n WHERE n.project = ? AND n.ingested_at > ? AND ("
                + (rules.reasked() ? "n.reasked OR " : "")
                + " EXISTS (SELECT 1 FROM feedback f WHERE f.project = n.project AND f.request_id = n.request_id AND "
                + negative + ")))";
        return db.read(c -> {
            List<NegativeText> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, project);
                ps.setString(2, project);
                ps.setObject(3, PgText.ts(ingestedAfter));
                ps.setString(4, project);
                ps.setObject(5, PgText.ts(ingestedAfter));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new NegativeText(rs.getString(1), text(rs.getString(2)), text(rs.getString(3))));
                    }
                }
            }
            return out;
        });
    }

    List<SessionPair> sessionPairs(String project, Instant from, Instant to, Duration window) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(PAIRS + " AND a.ts >= ? AND a.ts < ?"
                    + " ORDER BY a.ts, a.request_id COLLATE \"C\"")) {
                ps.setLong(1, window.toMillis());
                ps.setString(2, project);
                ps.setObject(3, PgText.ts(from));
                ps.setObject(4, PgText.ts(to));
                return pairs(ps);
            }
        });
    }

    List<SessionPair> sessionPairsIngestedAfter(String project, Instant ingestedAfter, Duration window) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(PAIRS
                    + " AND a.session_id IN (SELECT session_id FROM responses WHERE project = ? AND ingested_at > ?"
                    + " AND session_id IS NOT NULL) AND (a.ingested_at > ? OR b.ingested_at > ?)"
                    + " ORDER BY a.ts, a.request_id COLLATE \"C\"")) {
                ps.setLong(1, window.toMillis());
                ps.setString(2, project);
                ps.setString(3, project);
                ps.setObject(4, PgText.ts(ingestedAfter));
                ps.setObject(5, PgText.ts(ingestedAfter));
                ps.setObject(6, PgText.ts(ingestedAfter));
                return pairs(ps);
            }
        });
    }

    private static List<SessionPair> pairs(PreparedStatement ps) throws SQLException {
        List<SessionPair> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new SessionPair(rs.getString(1), text(rs.getString(2)), rs.getString(3),
                        text(rs.getString(4))));
            }
        }
        return out;
    }

    void markReasked(String project, Collection<String> requestIds) {
        if (requestIds.isEmpty()) {
            return;
        }
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE responses SET reasked = true"
                    + " WHERE project = ? AND request_id = ANY(?)")) {
                ps.setString(1, project);
                ps.setArray(2, PgCapture.texts(c, requestIds));
                return ps.executeUpdate();
            }
        });
    }

    long countResponses(String project, Instant from, Instant to, String promptVersion) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM responses WHERE project = ?"
                    + " AND ts >= ? AND ts < ?" + (promptVersion == null ? "" : " AND prompt_version = ?"))) {
                bindWindow(ps, project, from, to);
                if (promptVersion != null) {
                    ps.setString(4, promptVersion);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    Map<String, Long> countResponsesBy(String project, Instant from, Instant to, Dimension dimension) {
        return db.read(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            // COLLATE "C": the order SQLite gives (by code point), whatever the database's collation
            try (PreparedStatement ps = c.prepareStatement("SELECT " + dimension.column() + ", COUNT(*) FROM responses"
                    + " WHERE project = ? AND ts >= ? AND ts < ? GROUP BY " + dimension.column()
                    + " ORDER BY " + dimension.column() + " COLLATE \"C\" NULLS FIRST")) {
                bindWindow(ps, project, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1) == null ? "(none)" : rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return out;
        });
    }

    Map<String, Map<String, Long>> dailyResponsesByVersion(String project, Instant from, Instant to) {
        return db.read(c -> {
            Map<String, Map<String, Long>> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT (ts AT TIME ZONE 'UTC')::date AS day,"
                    + " prompt_version, COUNT(*) FROM responses WHERE project = ? AND ts >= ? AND ts < ?"
                    + " GROUP BY day, prompt_version ORDER BY day, prompt_version COLLATE \"C\"")) {
                bindWindow(ps, project, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getObject(1, java.time.LocalDate.class).toString(),
                                d -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
                    }
                }
            }
            return out;
        });
    }

    /** Reservoir sampling (Vitter 1985, algorithm R) in the SQLite store's order: the same sample for a seed. */
    List<ResponseSample> sampleResponses(String project, Instant from, Instant to, int n, long seed) {
        return db.read(c -> {
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
            List<ResponseSample> reservoir = new ArrayList<>(n);
            long seen = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT request_id, ts, prompt_version, model, user_input,"
                    + " llm_output, max_retrieval_score, retrieved_context FROM responses"
                    + " WHERE project = ? AND ts >= ? AND ts < ? ORDER BY ts, request_id COLLATE \"C\"")) {
                bindWindow(ps, project, from, to);
                ps.setFetchSize(5_000);
                c.setAutoCommit(false);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        seen++;
                        int slot = seen <= n ? reservoir.size() : (int) random.nextLong(seen);
                        if (slot >= n) {
                            continue;
                        }
                        List<RetrievedDoc> docs = PgJson.docs(rs.getString(8));
                        ResponseSample sample = new ResponseSample(rs.getString(1), PgText.instant(rs, 2),
                                rs.getString(3), rs.getString(4), text(rs.getString(5)), text(rs.getString(6)),
                                PgText.nullableDouble(rs, 7), RetrievedDoc.ids(docs), RetrievedDoc.truncated(docs),
                            RetrievedDoc.links(docs));
                        if (slot == reservoir.size()) {
                            reservoir.add(sample);
                        } else {
                            reservoir.set(slot, sample);
                        }
                    }
                } finally {
                    c.commit();
                    c.setAutoCommit(true);
                }
            }
            return reservoir;
        });
    }

    Map<String, float[]> vectors(Collection<String> contentHashes) {
        if (contentHashes.isEmpty()) {
            return Map.of();
        }
        return db.read(c -> {
            Map<String, float[]> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT content_hash, vector FROM embeddings"
                    + " WHERE content_hash = ANY(?)")) {
                ps.setArray(1, PgCapture.texts(c, new HashSet<>(contentHashes)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), VectorBlobs.unpack(rs.getBytes(2)));
                    }
                }
            }
            return out;
        });
    }

    void saveVectors(String model, Map<String, float[]> vectorsByHash) {
        if (vectorsByHash.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO embeddings (content_hash, model, dimension,"
                    + " vector, created_at) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING")) {
                for (Map.Entry<String, float[]> e : new java.util.TreeMap<>(vectorsByHash).entrySet()) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, model);
                    ps.setInt(3, e.getValue().length);
                    ps.setBytes(4, VectorBlobs.pack(e.getValue()));
                    ps.setObject(5, PgText.ts(now));
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    static void bindWindow(PreparedStatement ps, String project, Instant from, Instant to) throws SQLException {
        ps.setString(1, project);
        ps.setObject(2, PgText.ts(from));
        ps.setObject(3, PgText.ts(to));
    }

    /** A stored text; an empty one where retention dropped it. */
    static String text(String stored) {
        return stored == null ? "" : PgText.unescape(stored);
    }

    /** Accumulates one response's feedback rows into a {@link NegativeRow}, as SqliteTriage's builder does. */
    private static final class Builder {
        final String requestId;
        final Instant ts;
        final String promptVersion;
        final String model;
        final String userInput;
        final String llmOutput;
        final Double maxScore;
        final List<RetrievedDoc> docs;
        final Set<String> signals = new HashSet<>();
        String edited;
        Double magnitude;

        Builder(ResultSet rs, NegativeRules rules) throws SQLException {
            requestId = rs.getString(1);
            ts = PgText.instant(rs, 2);
            promptVersion = rs.getString(3);
            model = rs.getString(4);
            userInput = text(rs.getString(5));
            llmOutput = text(rs.getString(6));
            maxScore = PgText.nullableDouble(rs, 7);
            docs = PgJson.docs(rs.getString(8));
            if (rules.reasked() && rs.getBoolean(9)) {
                signals.add("reasked");
            }
        }

        void addFeedback(ResultSet rs, NegativeRules rules) throws SQLException {
            String signal = rs.getString(10);
            if (signal != null && rules.signals().contains(signal)) {
                signals.add(signal);
            }
            int rating = rs.getInt(11);
            if (!rs.wasNull() && rating <= rules.maxRating()) {
                signals.add("rating");
            }
            if ("down".equals(rs.getString(12)) && rules.thumbsDown()) {
                signals.add("thumbs_down");
            }
            String editedOutput = PgText.unescape(rs.getString(13));
            double m = rs.getDouble(14);
            if (editedOutput != null && !rs.wasNull()) {
                if (m >= rules.minEditMagnitude()) {
                    signals.add("edit");
                }
                if (rules.figureEdits() && rs.getBoolean(15)) {
                    signals.add("figures_edited");
                }
                if (magnitude == null || m > magnitude) {
                    magnitude = m;
                    edited = editedOutput;
                }
            }
        }

        NegativeRow build() {
            return new NegativeRow(requestId, ts, promptVersion, model, userInput, llmOutput, edited, magnitude,
                    signals, maxScore, RetrievedDoc.ids(docs), RetrievedDoc.truncated(docs),
                            RetrievedDoc.links(docs));
        }
    }


}
