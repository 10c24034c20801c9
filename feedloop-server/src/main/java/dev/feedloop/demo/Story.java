package dev.feedloop.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * When things happen in the demo world. The story is written for a six-week world and scaled to
 * the requested length, so that a short test world still holds every event in the same order.
 *
 * <pre>
 * ref day  0  support-v1 for everyone; P1 (no Price Lock docs) and P5 (arithmetic) already there,
 *             and so is P8 (model-b answers some English questions in Spanish, French or German)
 *          3  checked-bag prices go up, the help article is not updated: P2 starts
 *         10  support-v2 for everyone: its "be thorough, be careful with personal data" wording
 *             starts P3 (verbose check-in how-tos) and P4 (refuses name corrections)
 *         14  the travel-insurance policy becomes one long page, which the retriever cuts: P6
 *         17  a search-index migration goes wrong: some requests of every topic retrieve nothing,
 *             and the model cites help-centre links it invents: P7
 *         21  canary: support-v3 (fixes P4) on 50 % of users, support-v2 on the rest
 *         24  the bag-fee article is corrected (P2 fixed, no prompt change)
 *         26  the search index is rebuilt (P7 fixed, no prompt change)
 *         28  support-v3 for everyone
 *         30  support-v4 for everyone: concise how-tos (P3 fixed) and "always answer in the language
 *             of the question" (P8 fixed)
 *         35  support-v5 for everyone: "double-check arithmetic" (meant to fix P5; it does not)
 * </pre>
 *
 * <p>P1-P6 live in the question (one topic each); P7 and P8 live in the answer, across all topics.
 * The two index days are scaled on their own, so that adding them left the other days of every
 * world length where they were.
 */
record Story(int days, int bagPriceRise, int v2, int policyMerge, int canary, int kbFix, int v3Full, int v4, int v5,
             int indexOutage, int indexRebuild) {
    static final int REFERENCE_DAYS = 42;
    static final int MIN_DAYS = 14;
    /** Reference days of P7: the index breaks, then is rebuilt. */
    static final int REF_INDEX_OUTAGE = 17, REF_INDEX_REBUILD = 26;
    static final String V1 = "support-v1", V2 = "support-v2", V3 = "support-v3", V4 = "support-v4", V5 = "support-v5";
    /** Share of users who get the new version while the canary runs. */
    static final double CANARY_SHARE = 0.5;

    Story {
        int[] order = {0, bagPriceRise, v2, policyMerge, canary, kbFix, v3Full, v4, v5, days};
        for (int i = 1; i < order.length; i++) {
            if (order[i] <= order[i - 1]) {
                throw new IllegalArgumentException("story days out of order: " + java.util.Arrays.toString(order));
            }
        }
        if (indexOutage <= 0 || indexRebuild <= indexOutage || indexRebuild >= days) {
            throw new IllegalArgumentException("index outage days out of order: " + indexOutage + ", " + indexRebuild
                    + " in " + days + " days");
        }
    }

    /**
     * The reference story stretched or squeezed to {@code days}.
     *
     * @throws IllegalArgumentException when {@code days} is below {@link #MIN_DAYS}
     */
    static Story scaled(int days) {
        if (days < MIN_DAYS) {
            throw new IllegalArgumentException("the demo story needs at least " + MIN_DAYS + " days: " + days);
        }
        int[] ref = {3, 10, 14, 21, 24, 28, 30, 35};
        int[] d = new int[ref.length];
        for (int i = 0; i < ref.length; i++) {
            int scaledDay = scale(ref[i], days);
            d[i] = Math.max(scaledDay, i == 0 ? 1 : d[i - 1] + 1);
        }
        int outage = Math.max(1, scale(REF_INDEX_OUTAGE, days));
        int rebuild = Math.max(outage + 1, scale(REF_INDEX_REBUILD, days));
        return new Story(days, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], outage, rebuild);
    }

    private static int scale(int refDay, int days) {
        return (int) Math.round(refDay * (double) days / REFERENCE_DAYS);
    }

    /** Who serves what, in order; shares of periods that overlap add up to one. */
    List<Period> promptPeriods() {
        List<Period> out = new ArrayList<>();
        out.add(new Period(V1, 0, v2, 1.0));
        out.add(new Period(V2, v2, canary, 1.0));
        out.add(new Period(V2, canary, v3Full, 1.0 - CANARY_SHARE));
        out.add(new Period(V3, canary, v3Full, CANARY_SHARE));
        out.add(new Period(V3, v3Full, v4, 1.0));
        out.add(new Period(V4, v4, v5, 1.0));
        out.add(new Period(V5, v5, days, 1.0));
        return out;
    }

    /**
     * The prompt version that serves a user on a day; {@code bucket} in [0, 1) is the user's
     * sticky canary bucket, so that one user sees one version for the whole canary.
     */
    String promptVersion(int day, double bucket) {
        double cumulative = 0;
        String last = null;
        for (Period period : promptPeriods()) {
            if (day >= period.from() && day < period.to()) {
                cumulative += period.share();
                last = period.version();
                if (bucket < cumulative) {
                    return last;
                }
            }
        }
        if (last == null) {
            throw new IllegalArgumentException("day outside the story: " + day);
        }
        return last;
    }

    /** A prompt version served to {@code share} of the traffic on days [from, to). */
    record Period(String version, int from, int to, double share) {
    }
}
