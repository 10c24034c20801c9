package dev.feedloop.store.sqlite;

import dev.feedloop.store.JsonText;
import dev.feedloop.store.Store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.feedloop.capture.RetrievedDoc;
import dev.feedloop.store.Assignment;
import dev.feedloop.store.NegativeRow;
import dev.feedloop.store.NegativeRules;
import dev.feedloop.store.PatternEvent;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.ResponseSample;
import dev.feedloop.store.TriageRunRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The triage tables' SQL, run on the store's connections. */
final class SqliteTriage {

    private SqliteTriage() {
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
                    edited, magnitude, signals, maxScore, docIds(docs), truncated(docs));
        }
    }

    static List<String> docIds(List<RetrievedDoc> docs) {
        List<String> ids = new ArrayList<>(docs.size());
        docs.forEach(d -> ids.add(d.docId()));
        return ids;
    }

    /** A context whose last document's text stops mid-sentence was probably cut to fit a budget. */
    static boolean truncated(List<RetrievedDoc> docs) {
        if (docs.isEmpty()) {
            return false;
        }
        String text = docs.get(docs.size() - 1).text();
        if (text == null || text.isBlank()) {
            return false;
        }
        char last = text.strip().charAt(text.strip().length() - 1);
        return ".!?\"')]".indexOf(last) < 0;
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
                            docIds(docs), truncated(docs));
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

    static PatternRecord pattern(ResultSet rs) throws SQLException {
        int dim = rs.getInt("dimension");
        long first = rs.getLong("first_seen");
        Instant firstSeen = rs.wasNull() ? null : Instant.ofEpochMilli(first);
        long last = rs.getLong("last_seen");
        Instant lastSeen = rs.wasNull() ? null : Instant.ofEpochMilli(last);
        return new PatternRecord(rs.getString("project"), rs.getString("pattern_id"), rs.getString("name"),
                rs.getInt("name_locked") != 0, rs.getString("description"), strings(rs.getString("keywords")),
                rs.getString("cause"), rs.getDouble("cause_confidence"), rs.getString("cause_override"),
                rs.getString("evidence"), rs.getString("status"), rs.getString("merged_into"),
                rs.getInt("manual") != 0, rs.getString("model"), VectorBlobs.unpack(rs.getBytes("centroid")),
                VectorBlobs.unpackAll(rs.getBytes("exemplars"), dim), rs.getLong("member_count"), firstSeen, lastSeen);
    }

    static final String PATTERN_COLUMNS = "project, pattern_id, name, name_locked, description, keywords, cause,"
            + " cause_confidence, cause_override, evidence, status, merged_into, manual, model, centroid, exemplars,"
            + " member_count, first_seen, last_seen, length(centroid) / 4 AS dimension";

    static void upsertPatterns(Connection c, List<PatternRecord> patterns, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO patterns (project, pattern_id, name, name_locked,"
                + " description, keywords, cause, cause_confidence, cause_override, evidence, status, merged_into,"
                + " manual, model, centroid, exemplars, member_count, first_seen, last_seen, created_at, updated_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT (project, pattern_id) DO UPDATE SET name = excluded.name,"
                + " name_locked = excluded.name_locked, description = excluded.description,"
                + " keywords = excluded.keywords, cause = excluded.cause, cause_confidence = excluded.cause_confidence,"
                + " cause_override = excluded.cause_override, evidence = excluded.evidence, status = excluded.status,"
                + " merged_into = excluded.merged_into, manual = excluded.manual, model = excluded.model,"
                + " centroid = excluded.centroid, exemplars = excluded.exemplars,"
                + " member_count = excluded.member_count, first_seen = excluded.first_seen,"
                + " last_seen = excluded.last_seen, updated_at = excluded.updated_at")) {
            for (PatternRecord p : patterns) {
                int i = 1;
                ps.setString(i++, p.project());
                ps.setString(i++, p.patternId());
                ps.setString(i++, p.name());
                ps.setInt(i++, p.nameLocked() ? 1 : 0);
                ps.setString(i++, p.description());
                ps.setString(i++, JsonText.write(p.keywords()));
                ps.setString(i++, p.cause());
                ps.setDouble(i++, p.causeConfidence());
                ps.setString(i++, p.causeOverride());
                ps.setString(i++, p.evidenceJson());
                ps.setString(i++, p.status());
                ps.setString(i++, p.mergedInto());
                ps.setInt(i++, p.manual() ? 1 : 0);
                ps.setString(i++, p.model());
                ps.setBytes(i++, VectorBlobs.pack(p.centroid()));
                ps.setBytes(i++, VectorBlobs.packAll(p.exemplars(), p.centroid().length));
                ps.setLong(i++, p.memberCount());
                setInstant(ps, i++, p.firstSeen());
                setInstant(ps, i++, p.lastSeen());
                ps.setLong(i++, now);
                ps.setLong(i, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static void saveAssignments(Connection c, String project, String runId, List<Assignment> assignments)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO assignments (project, request_id, pattern_id,"
                + " run_id, ts, similarity) VALUES (?,?,?,?,?,?) ON CONFLICT (project, request_id) DO UPDATE SET"
                + " pattern_id = excluded.pattern_id, run_id = excluded.run_id, ts = excluded.ts,"
                + " similarity = excluded.similarity")) {
            for (Assignment a : assignments) {
                ps.setString(1, project);
                ps.setString(2, a.requestId());
                ps.setString(3, a.patternId());
                ps.setString(4, runId);
                ps.setLong(5, a.timestamp().toEpochMilli());
                if (a.similarity() == null) {
                    ps.setNull(6, Types.REAL);
                } else {
                    ps.setDouble(6, a.similarity());
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static void saveRun(Connection c, TriageRunRecord run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO triage_runs (project, run_id, window_from,"
                + " window_to, started_at, finished_at, negatives, report) VALUES (?,?,?,?,?,?,?,?)")) {
            ps.setString(1, run.project());
            ps.setString(2, run.runId());
            ps.setLong(3, run.from().toEpochMilli());
            ps.setLong(4, run.to().toEpochMilli());
            ps.setLong(5, run.startedAt().toEpochMilli());
            ps.setLong(6, run.finishedAt().toEpochMilli());
            ps.setLong(7, run.negatives());
            ps.setString(8, run.reportJson());
            ps.executeUpdate();
        }
    }

    static List<PatternEvent> events(Connection c, String project, String patternId) throws SQLException {
        List<PatternEvent> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT at, kind, detail FROM pattern_events"
                + " WHERE project = ? AND pattern_id = ? ORDER BY at, rowid")) {
            ps.setString(1, project);
            ps.setString(2, patternId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PatternEvent(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
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

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }

    static List<String> strings(String json) {
        return JsonText.read(json, new TypeReference<List<String>>() { });
    }
}
