package dev.feedloop.bench.postgres;

import dev.feedloop.capture.CaptureRules;
import dev.feedloop.store.postgres.PostgresStore;
import dev.feedloop.store.postgres.PostgresUrl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The plans PostgreSQL picks for triage's weekly window and negative selection and verification's
 * counts, on synthetic rows loaded with generate_series into the store's own schema (Flyway, same
 * indexes): ROWS responses over 364 days (a week is 1/52 of the table, the share a week has in a
 * year at any volume), one in ten in a second project, feedback on 12 % of them (about 6 % negative:
 * regenerated, thumbs down, rating 1, a large edit), 0.5 % re-asked.
 *
 * <pre>
 * mvn -q -o -pl bench -am package -DskipTests
 * java -cp "bench/target/feedloop-bench.jar:bench/target/lib/*" dev.feedloop.bench.postgres.ExplainPlans [rows=2000000]
 * </pre>
 */
public final class ExplainPlans {
    static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    /** A week in the middle of the year. */
    static final Instant FROM = Instant.parse("2026-06-29T00:00:00Z");
    static final Instant TO = Instant.parse("2026-07-06T00:00:00Z");

    /** The negative selection of PgTriage.negatives under the default rules (copied: keep in step). */
    static final String NEGATIVES = "SELECT r.request_id, r.ts, r.prompt_version, r.model, r.user_input, r.llm_output,"
            + " r.max_retrieval_score, r.retrieved_context, r.reasked,"
            + " f.implicit_signal, f.explicit_rating, f.thumbs, f.edited_output, f.edit_magnitude, f.figures_edited"
            + " FROM responses r LEFT JOIN LATERAL (SELECT * FROM feedback f WHERE f.project = r.project"
            + " AND f.request_id = r.request_id OFFSET 0) f ON true"
            + " WHERE r.project = ? AND r.ts >= ? AND r.ts < ? AND (r.reasked OR"
            + " EXISTS (SELECT 1 FROM feedback f WHERE f.project = r.project AND f.request_id = r.request_id AND"
            + " (f.implicit_signal IN ('regenerated', 'abandoned', 'reasked') OR f.edit_magnitude >= 0.3"
            + " OR f.figures_edited OR f.explicit_rating <= 2 OR f.thumbs = 'down')))"
            + " ORDER BY r.ts, r.request_id COLLATE \"C\"";
    /** PgTriage.countResponses and dailyResponsesByVersion (copied: keep in step). */
    static final String COUNT = "SELECT COUNT(*) FROM responses WHERE project = ? AND ts >= ? AND ts < ?";
    static final String DAILY = "SELECT (ts AT TIME ZONE 'UTC')::date AS day, prompt_version, COUNT(*) FROM responses"
            + " WHERE project = ? AND ts >= ? AND ts < ? GROUP BY day, prompt_version"
            + " ORDER BY day, prompt_version COLLATE \"C\"";

    private ExplainPlans() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        try (Pg pg = new Pg()) {
            String url = pg.freshUrl();
            PostgresStore.open(PostgresUrl.parse(url, null), Clock.systemUTC(), CaptureRules.STANDARD).close();
            try (Connection c = Pg.connect(url)) {
                long t0 = System.nanoTime();
                load(c, rows);
                System.out.printf(Locale.ROOT, "loaded %,d responses in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM feedback),"
                                + " pg_size_pretty(pg_total_relation_size('responses')),"
                                + " pg_size_pretty(pg_total_relation_size('feedback'))")) {
                    rs.next();
                    System.out.printf("feedback rows %,d; responses %s, feedback %s with indexes%n", rs.getLong(1),
                            rs.getString(2), rs.getString(3));
                }
                explain(c, "the weekly window's negatives (triage)", NEGATIVES);
                explain(c, "responses in the window (verification's counts, lift)", COUNT);
                explain(c, "responses per day and prompt version (verification)", DAILY);
            }
        }
    }

    static void load(Connection c, long rows) throws Exception {
        double step = 364.0 * 86_400 / rows;
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO responses (project, request_id, ts, prompt_version, model, user_input, llm_output,"
                    + " doc_count, max_retrieval_score, session_id, reasked, ingested_at)"
                    + " SELECT CASE WHEN i % 10 = 9 THEN 'other' ELSE 'default' END, 'r-' || i,"
                    + " timestamptz '" + START + "' + make_interval(secs => i * " + step + "),"
                    + " 'v' || (1 + (i / 500000) % 3), 'model-a', 'question about topic ' || (i % 997) || ' asked by someone',"
                    + " repeat('answer text ', 30), 2, 0.5, 's-' || (i / 4), i % 200 = 0,"
                    + " timestamptz '" + START + "' + make_interval(secs => i * " + step + ")"
                    + " FROM generate_series(0, " + (rows - 1) + ") AS i");
            st.execute("INSERT INTO feedback (project, event_id, request_id, ts, implicit_signal, explicit_rating,"
                    + " thumbs, edit_magnitude, figures_edited, ingested_at)"
                    + " SELECT project, 'e-' || request_id, request_id, ts + interval '1 minute',"
                    + " CASE WHEN n % 50 = 0 THEN 'regenerated' WHEN n % 50 = 1 THEN 'accepted' END,"
                    + " CASE WHEN n % 50 = 2 THEN 1 WHEN n % 50 IN (3, 4, 5) THEN 5 END,"
                    + " CASE WHEN n % 50 = 6 THEN 'down' WHEN n % 50 IN (7, 8) THEN 'up' END,"
                    + " CASE WHEN n % 50 = 9 THEN 0.6 WHEN n % 50 = 10 THEN 0.1 END, false, ts + interval '1 minute'"
                    + " FROM (SELECT project, request_id, ts, (substr(request_id, 3))::bigint AS n FROM responses) r"
                    + " WHERE n % 50 < 12 AND (n % 50 < 11 OR n % 100 = 11)"); // ~12 % with feedback, ~6 % negative
            st.execute("ANALYZE responses");
            st.execute("ANALYZE feedback");
        }
    }

    static void explain(Connection c, String title, String sql) throws Exception {
        System.out.printf("%n-- %s, week %s .. %s%n", title, FROM, TO);
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            ps.setString(1, "default");
            ps.setObject(2, OffsetDateTime.ofInstant(FROM, ZoneOffset.UTC));
            ps.setObject(3, OffsetDateTime.ofInstant(TO, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    System.out.println(rs.getString(1));
                }
            }
        }
    }
}
