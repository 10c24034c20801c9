package dev.feedloop.bench.reask;

import dev.feedloop.capture.CaptureRules;
import dev.feedloop.store.Store;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.triage.embed.Embedder;
import dev.feedloop.triage.embed.Embedders;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Calibrates the re-ask threshold on a database holding a simulated world (e.g. from
 * {@code feedloop demo --db FILE}): session pairs within 10 minutes are labelled by the simulator's
 * explicit "reasked" feedback; prints precision and recall of "cosine >= t" for several t, over all
 * pairs and over the pairs the triage pass compares (earlier answer not approved by the user).
 *
 * <pre>java -cp "bench/target/feedloop-bench.jar:bench/target/lib/*" dev.feedloop.bench.reask.ReaskCalibration DB PROJECT</pre>
 */
public final class ReaskCalibration {
    private ReaskCalibration() {
    }

    private static Set<String> ids(SqliteStore store, String project, String condition) {
        return store.read(c -> {
            Set<String> ids = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT request_id FROM feedback WHERE project = ? AND (" + condition + ")")) {
                ps.setString(1, project);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
    }

    private static void table(String title, boolean[] in, double[] sims, boolean[] label) {
        int pairs = 0;
        int positives = 0;
        for (int i = 0; i < sims.length; i++) {
            pairs += in[i] ? 1 : 0;
            positives += in[i] && label[i] ? 1 : 0;
        }
        System.out.printf("%n%s: %d pairs, %d labelled re-asks%n", title, pairs, positives);
        System.out.println("threshold  precision  recall  marked");
        for (double t = 0.70; t <= 0.951; t += 0.025) {
            int tp = 0;
            int fp = 0;
            for (int i = 0; i < sims.length; i++) {
                if (in[i] && sims[i] >= t) {
                    tp += label[i] ? 1 : 0;
                    fp += label[i] ? 0 : 1;
                }
            }
            System.out.printf("%9.3f  %9.3f  %6.3f  %6d%n", t, tp + fp == 0 ? 1.0 : (double) tp / (tp + fp),
                    positives == 0 ? 0 : (double) tp / positives, tp + fp);
        }
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        String project = args[1];
        try (SqliteStore store = SqliteStore.open(db, Clock.systemUTC(), SqliteStore.Durability.NORMAL, CaptureRules.STANDARD);
                Embedder embedder = Embedders.create(Embedders.DEFAULT_MODEL)) {
            // all same-session pairs within 10 minutes that capture's lexical rule did not mark
            // (Store.sessionPairs also skips explicit re-asks, which are the labels here)
            List<Store.SessionPair> pairs = store.read(c -> {
                List<Store.SessionPair> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT a.request_id, a.user_input, b.request_id,"
                        + " b.user_input FROM responses a JOIN responses b ON b.project = a.project"
                        + " AND b.session_id = a.session_id AND b.ts > a.ts AND b.ts <= a.ts + ?"
                        + " WHERE a.project = ? AND a.session_id IS NOT NULL AND a.reasked = 0")) {
                    ps.setLong(1, Duration.ofMinutes(10).toMillis());
                    ps.setString(2, project);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new Store.SessionPair(rs.getString(1), rs.getString(2), rs.getString(3),
                                    rs.getString(4)));
                        }
                    }
                }
                return out;
            });
            Set<String> reasked = ids(store, project, "implicit_signal = 'reasked'");
            // the pass skips earlier answers the user approved (Store.sessionPairs): its population
            Set<String> approved = ids(store, project,
                    "implicit_signal = 'accepted' OR explicit_rating >= 4 OR thumbs = 'up'");
            // identical inputs are regenerations, not re-asks: leave them out of the calibration
            pairs.removeIf(p -> p.earlierInput().equals(p.laterInput()));
            List<String> texts = new ArrayList<>();
            for (Store.SessionPair p : pairs) {
                texts.add(p.earlierInput());
                texts.add(p.laterInput());
            }
            List<float[]> v = embedder.embed(texts);
            double[] sims = new double[pairs.size()];
            boolean[] label = new boolean[pairs.size()];
            for (int i = 0; i < pairs.size(); i++) {
                float[] a = v.get(2 * i);
                float[] b = v.get(2 * i + 1);
                double s = 0;
                for (int d = 0; d < a.length; d++) {
                    s += a[d] * b[d];
                }
                sims[i] = s;
                label[i] = reasked.contains(pairs.get(i).earlierId());
            }
            boolean[] all = new boolean[pairs.size()];
            boolean[] open = new boolean[pairs.size()];
            for (int i = 0; i < pairs.size(); i++) {
                all[i] = true;
                open[i] = !approved.contains(pairs.get(i).earlierId());
            }
            System.out.printf("model %s%n", embedder.modelId());
            table("all session pairs within 10 minutes", all, sims, label);
            table("pairs whose earlier answer was not approved (what the triage pass compares)", open, sims, label);
        }
    }
}
