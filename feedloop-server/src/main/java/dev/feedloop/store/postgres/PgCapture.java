package dev.feedloop.store.postgres;

import dev.feedloop.store.Batch;
import dev.feedloop.store.DerivedSignals;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.RetrievedDoc;
import dev.feedloop.store.WriteResult;
import dev.feedloop.text.Shingles;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a batch: one multi-row insert per table (column arrays through {@code unnest}), duplicates
 * skipped by {@code ON CONFLICT DO NOTHING} and told apart by {@code RETURNING}, and the derived
 * signals that need other rows in the same transaction. Re-asks are found before the insert, from
 * one read of the sessions' stored responses, so new responses are stored already marked and only
 * earlier ones are updated; edit magnitudes of feedback that came before its response are set after.
 * A batch of responses alone is three statements and the commit (that read, the insert, the read of
 * edits waiting for these responses) plus the updates of earlier responses it marks; the check after
 * the commit reads twice more.
 *
 * <p>Several writers run at once here (threads and instances), where SQLite has one. Two
 * transactions committing a response and its edit (or two questions of one session) at the same
 * moment do not see each other's rows, so after the commit {@link #rederive} looks again: whichever
 * of the two commits last sees both.
 */
final class PgCapture {
    private static final String INSERT_RESPONSES = "INSERT INTO responses (project, request_id, ts, prompt_version,"
            + " model, user_input, llm_output, retrieved_context, doc_count, max_retrieval_score, session_id, user_id,"
            + " tags, reasked, ingested_at)"
            + " SELECT u.p, u.id, u.ts::timestamptz, u.pv, u.m, u.ui, u.lo, u.ctx::jsonb, u.dc, u.ms, u.sid, u.uid,"
            + " u.tags::jsonb, u.ra, ?"
            + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::int4[], ?::float8[], ?::text[], ?::text[], ?::text[], ?::bool[])"
            + " WITH ORDINALITY AS u(p, id, ts, pv, m, ui, lo, ctx, dc, ms, sid, uid, tags, ra, n) ORDER BY u.n"
            + " ON CONFLICT DO NOTHING RETURNING project, request_id";
    private static final String INSERT_FEEDBACK = "INSERT INTO feedback (project, event_id, request_id, ts,"
            + " implicit_signal, explicit_rating, thumbs, edited_output, edit_magnitude, figures_edited, comment,"
            + " ingested_at)"
            + " SELECT u.p, u.id, u.rid, u.ts::timestamptz, u.sig, u.rating, u.th, u.ed, u.mag, u.fig, u.cm, ?"
            + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int2[], ?::text[], ?::text[],"
            + " ?::float8[], ?::bool[], ?::text[])"
            + " WITH ORDINALITY AS u(p, id, rid, ts, sig, rating, th, ed, mag, fig, cm, n) ORDER BY u.n"
            + " ON CONFLICT DO NOTHING RETURNING project, event_id";

    private final Clock clock;
    private final DerivedSignals signals;

    PgCapture(Clock clock, DerivedSignals signals) {
        this.clock = clock;
        this.signals = signals;
    }

    /**
     * What a write stored: the new responses, the new edits still without a magnitude, and the
     * responses its re-ask check compared them with (keys), which a later check need not compare again.
     */
    record Stored(WriteResult result, List<ResponseRecord> responses, List<FeedbackRecord> unmeasuredEdits,
            Set<Key> compared, long xid) {
    }

    Stored write(Connection c, Batch batch) throws SQLException {
        Instant now = clock.instant();
        List<ResponseRecord> candidates = firstOfEachKey(batch.responses());
        Set<Key> compared = new HashSet<>();
        // re-asks among the new responses are found before they are inserted, so they are stored marked
        Set<Key> reasked = reasks(c, candidates, false, compared, NO_XID);
        List<Boolean> responsesStored = insertResponses(c, batch.responses(), reasked, now);
        List<ResponseRecord> fresh = new ArrayList<>();
        Map<Key, String> outputs = new HashMap<>();
        for (int i = 0; i < batch.responses().size(); i++) {
            if (responsesStored.get(i)) {
                ResponseRecord r = batch.responses().get(i);
                fresh.add(r);
                outputs.put(key(r.project(), r.requestId()), r.llmOutput());
            }
        }
        if (fresh.size() == candidates.size()) {
            for (ResponseRecord r : candidates) {
                reasked.remove(key(r.project(), r.requestId()));
            }
            markReasked(c, reasked); // earlier responses that a new one asks again
        } else {
            // some were stored already, out of the neighbours read: they may have marked what they must not
            unmark(c, fresh, reasked);
            compared.clear();
            markReasked(c, reasks(c, fresh, true, compared, NO_XID));
        }
        joinEarlierEdits(c, fresh);
        List<FeedbackRecord> edits = new ArrayList<>();
        for (FeedbackRecord f : batch.feedback()) {
            if (f.editedOutput() != null && !outputs.containsKey(key(f.project(), f.requestId()))) {
                edits.add(f);
            }
        }
        outputs.putAll(storedOutputs(c, edits));
        List<Boolean> feedbackStored = insertFeedback(c, batch.feedback(), outputs, now);
        List<FeedbackRecord> unmeasured = new ArrayList<>();
        for (int i = 0; i < batch.feedback().size(); i++) {
            FeedbackRecord f = batch.feedback().get(i);
            if (feedbackStored.get(i) && f.editedOutput() != null
                    && outputs.get(key(f.project(), f.requestId())) == null) {
                unmeasured.add(f);
            }
        }
        long xid = fresh.isEmpty() ? NO_XID : transactionId(c);
        return new Stored(new WriteResult(responsesStored, feedbackStored), fresh, unmeasured, compared, xid);
    }

    /**
     * After the commit: the derived signals again, now that every committed row is visible; the
     * re-ask check compares the new responses only with responses the write did not see.
     */
    void rederive(Connection c, Stored stored) throws SQLException {
        if (!stored.responses().isEmpty()) {
            joinEarlierEdits(c, stored.responses());
            markReasked(c, reasks(c, stored.responses(), true, stored.compared(), stored.xid()));
        }
        if (stored.unmeasuredEdits().isEmpty()) {
            return;
        }
        Map<Key, String> outputs = storedOutputs(c, stored.unmeasuredEdits());
        try (PreparedStatement ps = c.prepareStatement("UPDATE feedback SET edit_magnitude = ?, figures_edited = ?"
                + " WHERE project = ? AND event_id = ? AND edit_magnitude IS NULL")) {
            int n = 0;
            for (FeedbackRecord f : stored.unmeasuredEdits()) {
                String output = outputs.get(key(f.project(), f.requestId()));
                if (output != null) {
                    ps.setDouble(1, signals.editMagnitude(output, f.editedOutput()));
                    ps.setBoolean(2, signals.changesFigures(output, f.editedOutput()));
                    ps.setString(3, f.project());
                    ps.setString(4, f.eventId());
                    ps.addBatch();
                    n++;
                }
            }
            if (n > 0) {
                ps.executeBatch();
            }
        }
    }

    /** Whether a write needs {@link #rederive}: it stored responses or edits that could meet rows written beside it. */
    static boolean needsRederive(Stored stored) {
        return !stored.responses().isEmpty() || !stored.unmeasuredEdits().isEmpty();
    }

    /** The responses of a batch that can be new: a request id repeated in the batch is a duplicate. */
    private static List<ResponseRecord> firstOfEachKey(List<ResponseRecord> rows) {
        Set<Key> keys = new HashSet<>();
        List<ResponseRecord> out = new ArrayList<>(rows.size());
        for (ResponseRecord r : rows) {
            if (keys.add(key(r.project(), r.requestId()))) {
                out.add(r);
            }
        }
        return out;
    }

    private List<Boolean> insertResponses(Connection c, List<ResponseRecord> rows, Set<Key> reasked, Instant now)
            throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        int n = rows.size();
        String[] project = new String[n];
        String[] id = new String[n];
        String[] ts = new String[n];
        String[] pv = new String[n];
        String[] model = new String[n];
        String[] input = new String[n];
        String[] output = new String[n];
        String[] ctx = new String[n];
        Integer[] docCount = new Integer[n];
        Double[] maxScore = new Double[n];
        String[] session = new String[n];
        String[] user = new String[n];
        String[] tags = new String[n];
        Boolean[] marked = new Boolean[n];
        for (int i = 0; i < n; i++) {
            ResponseRecord r = rows.get(i);
            project[i] = r.project();
            id[i] = r.requestId();
            ts[i] = PgText.ts(r.timestamp()).toString();
            pv[i] = r.promptVersion();
            model[i] = r.model();
            input[i] = PgText.escape(r.userInput());
            output[i] = PgText.escape(r.llmOutput());
            ctx[i] = PgJson.docs(r.retrievedContext());
            docCount[i] = r.retrievedContext().size();
            maxScore[i] = maxScore(r.retrievedContext());
            session[i] = r.sessionId();
            user[i] = r.userId();
            tags[i] = PgJson.tags(r.tags());
            marked[i] = reasked.contains(key(r.project(), r.requestId()));
        }
        Set<Key> inserted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT_RESPONSES)) {
            int k = 1;
            ps.setObject(k++, PgText.ts(now));
            for (Object[] column : new Object[][] {project, id, ts, pv, model, input, output, ctx}) {
                ps.setArray(k++, c.createArrayOf("text", column));
            }
            ps.setArray(k++, c.createArrayOf("int4", docCount));
            ps.setArray(k++, c.createArrayOf("float8", maxScore));
            for (Object[] column : new Object[][] {session, user, tags}) {
                ps.setArray(k++, c.createArrayOf("text", column));
            }
            ps.setArray(k, c.createArrayOf("bool", marked));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(key(rs.getString(1), rs.getString(2)));
                }
            }
        }
        List<Boolean> out = new ArrayList<>(n);
        for (ResponseRecord r : rows) {
            out.add(inserted.remove(key(r.project(), r.requestId()))); // a repeat in the batch is a duplicate
        }
        return out;
    }

    private List<Boolean> insertFeedback(Connection c, List<FeedbackRecord> rows, Map<Key, String> outputs,
            Instant now) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        int n = rows.size();
        String[] project = new String[n];
        String[] id = new String[n];
        String[] requestId = new String[n];
        String[] ts = new String[n];
        String[] signal = new String[n];
        Short[] rating = new Short[n];
        String[] thumbs = new String[n];
        String[] edited = new String[n];
        Double[] magnitude = new Double[n];
        Boolean[] figures = new Boolean[n];
        String[] comment = new String[n];
        for (int i = 0; i < n; i++) {
            FeedbackRecord f = rows.get(i);
            project[i] = f.project();
            id[i] = f.eventId();
            requestId[i] = f.requestId();
            ts[i] = PgText.ts(f.timestamp()).toString();
            signal[i] = f.implicitSignal() == null ? null : f.implicitSignal().wire();
            rating[i] = f.explicitRating() == null ? null : f.explicitRating().shortValue();
            thumbs[i] = f.thumbs() == null ? null : f.thumbs().wire();
            edited[i] = PgText.escape(f.editedOutput());
            comment[i] = PgText.escape(f.comment());
            String output = f.editedOutput() == null ? null : outputs.get(key(f.project(), f.requestId()));
            if (output != null) {
                magnitude[i] = signals.editMagnitude(output, f.editedOutput());
                figures[i] = signals.changesFigures(output, f.editedOutput());
            }
        }
        Set<Key> inserted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT_FEEDBACK)) {
            int k = 1;
            ps.setObject(k++, PgText.ts(now));
            for (Object[] column : new Object[][] {project, id, requestId, ts, signal}) {
                ps.setArray(k++, c.createArrayOf("text", column));
            }
            ps.setArray(k++, c.createArrayOf("int2", rating));
            ps.setArray(k++, c.createArrayOf("text", thumbs));
            ps.setArray(k++, c.createArrayOf("text", edited));
            ps.setArray(k++, c.createArrayOf("float8", magnitude));
            ps.setArray(k++, c.createArrayOf("bool", figures));
            ps.setArray(k, c.createArrayOf("text", comment));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(key(rs.getString(1), rs.getString(2)));
                }
            }
        }
        List<Boolean> out = new ArrayList<>(n);
        for (FeedbackRecord f : rows) {
            out.add(inserted.remove(key(f.project(), f.eventId())));
        }
        return out;
    }

    /** The stored outputs of the responses these edits are about, by project and request id. */
    private static Map<Key, String> storedOutputs(Connection c, List<FeedbackRecord> edits) throws SQLException {
        Map<String, Set<String>> byProject = new LinkedHashMap<>();
        for (FeedbackRecord f : edits) {
            byProject.computeIfAbsent(f.project(), p -> new HashSet<>()).add(f.requestId());
        }
        Map<Key, String> out = new HashMap<>();
        for (Map.Entry<String, Set<String>> e : byProject.entrySet()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT request_id, llm_output FROM responses"
                    + " WHERE project = ? AND request_id = ANY(?)")) {
                ps.setString(1, e.getKey());
                ps.setArray(2, c.createArrayOf("text", e.getValue().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(key(e.getKey(), rs.getString(1)), PgText.unescape(rs.getString(2)));
                    }
                }
            }
        }
        return out;
    }

    /** Feedback that arrived before its response gets its edit magnitude now. */
    private void joinEarlierEdits(Connection c, List<ResponseRecord> fresh) throws SQLException {
        Map<String, Map<String, String>> outputsByProject = new LinkedHashMap<>();
        for (ResponseRecord r : fresh) {
            outputsByProject.computeIfAbsent(r.project(), p -> new HashMap<>()).put(r.requestId(), r.llmOutput());
        }
        for (Map.Entry<String, Map<String, String>> e : outputsByProject.entrySet()) {
            String project = e.getKey();
            List<String[]> pending = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id, request_id, edited_output FROM feedback"
                    + " WHERE project = ? AND request_id = ANY(?) AND edited_output IS NOT NULL"
                    + " AND edit_magnitude IS NULL")) {
                ps.setString(1, project);
                ps.setArray(2, c.createArrayOf("text", e.getValue().keySet().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        pending.add(new String[] {rs.getString(1), rs.getString(2), PgText.unescape(rs.getString(3))});
                    }
                }
            }
            if (pending.isEmpty()) {
                continue;
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE feedback SET edit_magnitude = ?,"
                    + " figures_edited = ? WHERE project = ? AND event_id = ?")) {
                for (String[] p : pending) {
                    String output = e.getValue().get(p[1]);
                    update.setDouble(1, signals.editMagnitude(output, p[2]));
                    update.setBoolean(2, signals.changesFigures(output, p[2]));
                    update.setString(3, project);
                    update.setString(4, p[0]);
                    update.addBatch();
                }
                update.executeBatch();
            }
        }
    }

    /**
     * The stored responses of these sessions in a time range. Each session is probed on its own
     * ({@code responses_by_session}): the subquery is kept apart from the join by {@code OFFSET 0},
     * so the planner cannot read the whole time range of {@code responses_by_time} instead, which
     * is what it chose while the statistics still described a small table and every row was recent.
     */
    private static final String NEIGHBOURS = "SELECT s.sid, r.request_id, r.ts, r.user_input, r.reasked"
            + " FROM unnest(?::text[]) AS s(sid) CROSS JOIN LATERAL (SELECT request_id, ts, user_input, reasked"
            + " FROM responses WHERE project = ? AND session_id = s.sid AND ts BETWEEN ? AND ?"
            + " AND xmin::text::bigint <> ? OFFSET 0) r";

    /** No transaction: every row is a neighbour. */
    private static final long NO_XID = -1;

    /**
     * The 32-bit id of this transaction, as rows it writes carry it in {@code xmin}: after the
     * commit, the check looks only at neighbours other transactions wrote (or changed).
     */
    private static long transactionId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT txid_current() % 4294967296");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Finds re-asks in both directions, as the SQLite store does: an earlier response of the session
     * whose question a new one repeats is re-asked; so is the new one when a later response repeats
     * it. One query per project reads the sessions' stored neighbours of the whole batch (with the
     * new responses themselves when they are not stored yet). Pairs with a response in
     * {@code compared} were compared by an earlier check and are skipped; the neighbours read are
     * added to it. A response already marked is not compared again.
     *
     * @return the keys of the responses to mark, none of them marked already
     */
    private Set<Key> reasks(Connection c, List<ResponseRecord> rows, boolean stored, Set<Key> compared, long skipXid)
            throws SQLException {
        long window = signals.reaskWindow().toMillis();
        Map<String, List<ResponseRecord>> byProject = new LinkedHashMap<>();
        for (ResponseRecord r : rows) {
            if (r.sessionId() != null) {
                byProject.computeIfAbsent(r.project(), p -> new ArrayList<>()).add(r);
            }
        }
        Set<Key> reasked = new HashSet<>();
        for (Map.Entry<String, List<ResponseRecord>> e : byProject.entrySet()) {
            String project = e.getKey();
            Set<String> sessions = new HashSet<>();
            Instant min = Instant.MAX;
            Instant max = Instant.MIN;
            for (ResponseRecord r : e.getValue()) {
                sessions.add(r.sessionId());
                min = r.timestamp().isBefore(min) ? r.timestamp() : min;
                max = r.timestamp().isAfter(max) ? r.timestamp() : max;
            }
            Map<String, List<Neighbour>> neighbours = new HashMap<>();
            Map<String, Shingles> questions = new HashMap<>(); // each question text split once
            Set<String> marked = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(NEIGHBOURS)) {
                ps.setArray(1, c.createArrayOf("text", sessions.toArray()));
                ps.setString(2, project);
                ps.setObject(3, PgText.ts(min.minusMillis(window)));
                ps.setObject(4, PgText.ts(max.plusMillis(window)));
                ps.setLong(5, skipXid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        neighbours.computeIfAbsent(rs.getString(1), s -> new ArrayList<>()).add(new Neighbour(
                                rs.getString(2), PgText.instant(rs, 3).toEpochMilli(),
                                PgText.unescape(rs.getString(4))));
                        if (rs.getBoolean(5)) {
                            marked.add(rs.getString(2));
                        }
                    }
                }
            }
            if (!stored) {
                for (ResponseRecord r : e.getValue()) {
                    neighbours.computeIfAbsent(r.sessionId(), s -> new ArrayList<>()).add(new Neighbour(
                            r.requestId(), r.timestamp().toEpochMilli(), r.userInput()));
                }
            }
            Set<String> found = new HashSet<>();
            Set<String> checked = new HashSet<>();
            for (ResponseRecord r : e.getValue()) {
                checked.add(r.requestId());
            }
            for (ResponseRecord r : e.getValue()) {
                long ts = r.timestamp().toEpochMilli();
                Shingles question = null;
                for (Neighbour n : neighbours.getOrDefault(r.sessionId(), List.of())) {
                    if (n.requestId.equals(r.requestId()) || n.ts < ts - window || n.ts > ts + window
                            || compared.contains(key(project, n.requestId))) {
                        continue;
                    }
                    if (checked.contains(n.requestId) && n.requestId.compareTo(r.requestId()) < 0) {
                        continue; // two rows of this check: the pair was compared from the other one
                    }
                    boolean later = n.ts > ts;
                    String target = later ? r.requestId() : n.requestId;
                    if (found.contains(target) || marked.contains(target)) {
                        continue; // marked already: comparing the questions again cannot change it
                    }
                    if (question == null) {
                        question = questions.computeIfAbsent(r.userInput(), Shingles::of);
                    }
                    Shingles other = questions.computeIfAbsent(n.input, Shingles::of);
                    if (later ? signals.sameQuestion(question, other) : signals.sameQuestion(other, question)) {
                        found.add(target);
                    }
                }
            }
            for (List<Neighbour> ns : neighbours.values()) {
                for (Neighbour n : ns) {
                    compared.add(key(project, n.requestId));
                }
            }
            for (String id : found) {
                reasked.add(key(project, id));
            }
        }
        return reasked;
    }

    /** Marks stored responses (keys) re-asked, by primary key. */
    private static void markReasked(Connection c, Set<Key> keys) throws SQLException {
        setReasked(c, keys, true);
    }

    /** Clears the mark of new responses that were inserted marked. */
    private static void unmark(Connection c, List<ResponseRecord> fresh, Set<Key> reasked) throws SQLException {
        Set<Key> keys = new HashSet<>();
        for (ResponseRecord r : fresh) {
            Key key = key(r.project(), r.requestId());
            if (reasked.contains(key)) {
                keys.add(key);
            }
        }
        setReasked(c, keys, false);
    }

    private static void setReasked(Connection c, Set<Key> keys, boolean reasked) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE responses SET reasked = ?"
                + " WHERE project = ? AND request_id = ? AND reasked <> ?")) {
            for (Key key : keys) {
                ps.setBoolean(1, reasked);
                ps.setString(2, key.project());
                ps.setString(3, key.id());
                ps.setBoolean(4, reasked);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private record Neighbour(String requestId, long ts, String input) {
    }

    private static Double maxScore(List<RetrievedDoc> docs) {
        Double max = null;
        for (RetrievedDoc d : docs) {
            if (d.score() != null && (max == null || d.score() > max)) {
                max = d.score();
            }
        }
        return max;
    }

    /** A row's identity across projects: project and request id (or event id). */
    record Key(String project, String id) {
    }

    static Key key(String project, String id) {
        return new Key(project, id);
    }

    static Array texts(Connection c, java.util.Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }
}
