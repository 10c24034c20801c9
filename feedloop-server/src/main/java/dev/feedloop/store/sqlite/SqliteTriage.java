package dev.feedloop.store.sqlite;

import dev.feedloop.store.VectorBlobs;
import dev.feedloop.store.JsonText;
import dev.feedloop.store.Store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.feedloop.store.RetrievedDoc;
import dev.feedloop.store.Assignment;
import dev.feedloop.store.NegativeRow;
import dev.feedloop.store.NegativeRules;
import dev.feedloop.store.PatternEvent;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.ResponseSample;
import dev.feedloop.store.TriageRunRecord;
import dev.feedloop.store.TriageStore.Dimension;
import dev.feedloop.store.TriageStore.NegativeText;
import dev.feedloop.store.TriageStore.SessionPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQL of triage's reads over captured traffic: negatives of a window, session pairs for re-asks,
 * response counts and samples, cached vectors. Patterns and fixes are {@link SqlitePatterns}'.
 */
final class SqliteTriage {
    private final ConnectionPool readers;
    private final GroupCommitter writer;
    private final Clock clock;

    SqliteTriage(SqliteParts parts) {
        this.readers = parts.readers();
        this.writer = parts.writer();
        this.clock = parts.clock();
    }

    public List<NegativeRow> negatives(String project, Instant from, Instant to, NegativeRules rules) {
        return readers.read(c -> negatives(c, project, from, to, rules));
    }

    public List<NegativeText> negativeTextsIngestedAfter(String project, Instant ingestedAfter, NegativeRules rules) {
        return readers.read(c -> negativeTextsIngestedAfter(c, project, ingestedAfter.toEpochMilli(), rules));
    }

    public List<SessionPair> sessionPairs(String project, Instant from, Instant to, java.time.Duration window) {
        return readers.read(c -> SqliteSessionPairs.inWindow(c, project, from, to, window));
    }

    public List<SessionPair> sessionPairsIngestedAfter(String project, Instant ingestedAfter,
            java.time.Duration window) {
        return readers.read(c -> SqliteSessionPairs.ingestedAfter(c, project, ingestedAfter, window));
    }

    public void markReasked(String project, Collection<String> requestIds) {
        if (requestIds.isEmpty()) {
            return;
        }
        writer.submit(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE responses SET reasked = 1 WHERE project = ? AND request_id = ?")) {
                for (String id : requestIds) {
                    ps.setString(1, project);
                    ps.setString(2, id);
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    public long countResponses(String project, Instant from, Instant to, String promptVersion) {
        return readers.read(c -> {
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

    public Map<String, Long> countResponsesBy(String project, Instant from, Instant to, Dimension dimension) {
        return readers.read(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + dimension.column() + ", COUNT(*) FROM responses"
                    + " WHERE project = ? AND ts >= ? AND ts < ? GROUP BY " + dimension.column()
                    + " ORDER BY " + dimension.column())) {
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

    public Map<String, Map<String, Long>> dailyResponsesByVersion(String project, Instant from, Instant to) {
        return readers.read(c -> daily(c, project, from, to));
    }

    public java.util.Optional<Instant> latestResponse(String project) {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(ts) FROM responses WHERE project = ?")) {
                ps.setString(1, project);
                try (ResultSet rs = ps.executeQuery()) {
                    long ts = rs.next() ? rs.getLong(1) : 0;
                    return rs.wasNull() ? java.util.Optional.<Instant>empty()
                            : java.util.Optional.of(Instant.ofEpochMilli(ts));
                }
            }
        });
    }

    public List<ResponseSample> sampleResponses(String project, Instant from, Instant to, int n, long seed) {
        return readers.read(c -> sample(c, project, from, to, n, seed));
    }

    public Map<String, float[]> vectors(Collection<String> contentHashes) {
        List<String> hashes = new ArrayList<>(contentHashes);
        Map<String, float[]> out = new HashMap<>();
        for (int start = 0; start < hashes.size(); start += 500) {
            List<String> chunk = hashes.subList(start, Math.min(hashes.size(), start + 500));
            readers.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT content_hash, vector FROM embeddings"
                        + " WHERE content_hash IN (" + "?,".repeat(chunk.size() - 1) + "?)")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getString(1), VectorBlobs.unpack(rs.getBytes(2)));
                        }
                    }
                }
                return null;
            });
        }
        return out;
    }

    public void saveVectors(String model, Map<String, float[]> vectorsByHash) {
        if (vectorsByHash.isEmpty()) {
            return;
        }
        long now = clock.millis();
        writer.submit(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO embeddings (content_hash, model, dimension,"
                    + " vector, created_at) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING")) {
                for (Map.Entry<String, float[]> e : vectorsByHash.entrySet()) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, model);
                    ps.setInt(3, e.getValue().length);
                    ps.setBytes(4, VectorBlobs.pack(e.getValue()));
                    ps.setLong(5, now);
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }


    static List<NegativeRow> negatives(Connection c, String project, Instant from, Instant to, NegativeRules rules)
            throws SQLException {
        String negativeFeedback = negativeFeedbackSql(rules);
        String sql = "SELECT r.request_id, r.ts, r.prompt_version, r.model, r.user_input, r.llm_output,"
                + " r.max_retrieval_score, r.retrieved_context, r.reasked,"
                + " f.implicit_signal, f.explicit_rating, f.thumbs, f.edited_output, f.edit_magnitude, f.figures_edited"
                + " FROM responses r LEFT JOIN feedback f ON f.project = r.project AND f.request_id = r.request_id"
                + " WHERE r.project = ? AND r.ts >= ? AND r.ts < ? AND ("
                + (rules.reasked() ? "r.reasked = 1 OR " : "")
                + " EXISTS (SELECT 1 FROM feedback f WHERE f.project = r.project AND f.request_id = r.request_id AND "
                + negativeFeedback + "))"
                + " ORDER BY r.ts, r.request_id";
        List<NegativeRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, project);
            ps.setLong(2, from.toEpochMilli());
            ps.setLong(3, to.toEpochMilli());
            ps.setDouble(4, rules.minEditMagnitude());
            ps.setInt(5, rules.maxRating());
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
            }
        }
        return out;
    }

    /**
     * The condition on a feedback row {@code f} that makes its response negative; it takes two
     * parameters, the minimum edit magnitude and the maximum rating. Signal names come from the
     * rules' fixed vocabulary, never from a request.
     */
    private static String negativeFeedbackSql(NegativeRules rules) {
        StringBuilder signals = new StringBuilder("''");
        for (String s : rules.signals()) {
            signals.append(",'").append(s).append('\'');
        }
        return "(f.implicit_signal IN (" + signals + ")"
                + " OR f.edit_magnitude >= ?"
                + (rules.figureEdits() ? " OR f.figures_edited = 1" : "")
                + " OR f.explicit_rating <= ?"
                + (rules.thumbsDown() ? " OR f.thumbs = 'down'" : "") + ")";
    }

    /**
     * Parameters: project, first feedback rowid, edit magnitude, rating, project, first response
     * rowid, edit magnitude, rating. {@code +project} keeps the planner on the rowid ranges: the
     * tables' project indexes would read every row of the project.
     */
    static String negativeTextsSql(NegativeRules rules) {
        String negative = negativeFeedbackSql(rules);
        return "SELECT r.request_id, r.user_input, r.llm_output FROM responses r"
                + " WHERE r.project = ? AND r.request_id IN ("
                + " SELECT f.request_id FROM feedback f WHERE +f.project = ? AND f.rowid >= ? AND " + negative
                + " UNION SELECT n.request_id FROM responses n WHERE +n.project = ? AND n.rowid >= ? AND ("
                + (rules.reasked() ? "n.reasked = 1 OR " : "")
                + " EXISTS (SELECT 1 FROM feedback f WHERE f.project = n.project AND f.request_id = n.request_id AND "
                + negative + ")))";
    }

    /**
     * The texts of responses that became negative through rows ingested after {@code ingestedAfter}:
     * negative feedback that arrived, or a response that arrived re-asked or after its negative
     * feedback. Reads no feedback beyond that (the embedder needs only the texts), so it stays cheap
     * under heavy ingest, where a response may carry hundreds of feedback rows.
     */
    static List<Store.NegativeText> negativeTextsIngestedAfter(Connection c, String project, long ingestedAfter,
            NegativeRules rules) throws SQLException {
        long feedbackFrom = IngestOrder.firstRowIngestedAfter(c, "feedback", ingestedAfter);
        long responsesFrom = IngestOrder.firstRowIngestedAfter(c, "responses", ingestedAfter);
        List<Store.NegativeText> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(negativeTextsSql(rules))) {
            int i = 1;
            ps.setString(i++, project);
            ps.setString(i++, project);
            ps.setLong(i++, feedbackFrom);
            ps.setDouble(i++, rules.minEditMagnitude());
            ps.setInt(i++, rules.maxRating());
            ps.setString(i++, project);
            ps.setLong(i++, responsesFrom);
            ps.setDouble(i++, rules.minEditMagnitude());
            ps.setInt(i, rules.maxRating());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Store.NegativeText(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** Accumulates one response's feedback rows into a {@link NegativeRow}. */
    private static final class Builder {
        final String requestId;
        final long ts;
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
            ts = rs.getLong(2);
            promptVersion = rs.getString(3);
            model = rs.getString(4);
            userInput = rs.getString(5);
            llmOutput = rs.getString(6);
            double score = rs.getDouble(7);
            maxScore = rs.wasNull() ? null : score;
            docs = Json.docs(rs.getString(8));
            if (rules.reasked() && rs.getInt(9) != 0) {
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
            String editedOutput = rs.getString(13);
            double m = rs.getDouble(14);
            if (editedOutput != null && !rs.wasNull()) {
                if (m >= rules.minEditMagnitude()) {
                    signals.add("edit");
                }
                if (rules.figureEdits() && rs.getInt(15) == 1) {
                    signals.add("figures_edited");
                }
                if (magnitude == null || m > magnitude) {
                    magnitude = m;
                    edited = editedOutput;
                }
            }
        }

        NegativeRow build() {
            return new NegativeRow(requestId, Instant.ofEpochMilli(ts), promptVersion, model, userInput, llmOutput,
                    edited, magnitude, signals, maxScore, RetrievedDoc.ids(docs), RetrievedDoc.truncated(docs),
                            RetrievedDoc.links(docs));
        }
    }



    static List<ResponseSample> sample(Connection c, String project, Instant from, Instant to, int n, long seed)
            throws SQLException {
        // Reservoir sampling (Vitter 1985, algorithm R) over the window in a fixed order: uniform and repeatable.
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        List<ResponseSample> reservoir = new ArrayList<>(n);
        long seen = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT request_id, ts, prompt_version, model, user_input,"
                + " llm_output, max_retrieval_score, retrieved_context FROM responses"
                + " WHERE project = ? AND ts >= ? AND ts < ? ORDER BY ts, request_id")) {
            ps.setString(1, project);
            ps.setLong(2, from.toEpochMilli());
            ps.setLong(3, to.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seen++;
                    int slot = seen <= n ? reservoir.size() : (int) random.nextLong(seen);
                    if (slot >= n) {
                        continue;
                    }
                    double score = rs.getDouble(7);
                    Double maxScore = rs.wasNull() ? null : score;
                    List<RetrievedDoc> docs = Json.docs(rs.getString(8));
                    ResponseSample sample = new ResponseSample(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), maxScore,
                            RetrievedDoc.ids(docs), RetrievedDoc.truncated(docs),
                            RetrievedDoc.links(docs));
                    if (slot == reservoir.size()) {
                        reservoir.add(sample);
                    } else {
                        reservoir.set(slot, sample);
                    }
                }
            }
        }
        return reservoir;
    }

    static Map<String, Map<String, Long>> daily(Connection c, String project, Instant from, Instant to)
            throws SQLException {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ts / 86400000 AS day, prompt_version, COUNT(*)"
                + " FROM responses WHERE project = ? AND ts >= ? AND ts < ? GROUP BY day, prompt_version"
                + " ORDER BY day, prompt_version")) {
            ps.setString(1, project);
            ps.setLong(2, from.toEpochMilli());
            ps.setLong(3, to.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String day = java.time.LocalDate.ofEpochDay(rs.getLong(1)).toString();
                    out.computeIfAbsent(day, d -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
                }
            }
        }
        return out;
    }


    static void bindWindow(PreparedStatement ps, String project, Instant from, Instant to) throws SQLException {
        ps.setString(1, project);
        ps.setLong(2, from.toEpochMilli());
        ps.setLong(3, to.toEpochMilli());
    }

}
