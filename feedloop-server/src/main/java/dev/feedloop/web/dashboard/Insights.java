package dev.feedloop.web.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedloop.routing.Facts;
import dev.feedloop.store.FixRecord;
import dev.feedloop.store.JsonText;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.Store;
import dev.feedloop.store.TicketRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the dashboard and the weekly report show, read from the store for a span of weeks in a few
 * grouped queries (never one per pattern and week): traffic and negatives per day and prompt
 * version, each pattern's occurrences per week, its rate per response and trend, its ticket and
 * latest fix. Negatives and occurrences are those of the stored triage runs: a day no run covered
 * has traffic but no negatives yet.
 */
final class Insights {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Store store;
    private final Clock clock;
    /** Per project: responses and negatives per day and version, kept up to date from the rows added since. */
    private final Map<String, Tally> responses = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Tally> negatives = new java.util.concurrent.ConcurrentHashMap<>();

    Insights(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Running totals per day and prompt version. A page reads only the rows added since the last
     * page (a grouped count over 1M responses took about a second per page; see bench/dashboard).
     */
    private static final class Tally {
        private long cursor;
        private final TreeMap<String, Map<String, Long>> counts = new TreeMap<>();

        synchronized Map<String, Map<String, Long>> update(java.util.function.LongFunction<Store.DailyCounts> since,
                LocalDate from, LocalDate to) {
            Store.DailyCounts delta = since.apply(cursor);
            delta.counts().forEach((day, byVersion) -> byVersion.forEach((v, n) ->
                    counts.computeIfAbsent(day, d -> new TreeMap<>()).merge(v, n, Long::sum)));
            cursor = delta.cursor();
            Map<String, Map<String, Long>> out = new TreeMap<>();
            counts.subMap(from.toString(), true, to.toString(), false)
                    .forEach((day, byVersion) -> out.put(day, new TreeMap<>(byVersion)));
            return out;
        }
    }

    /** The week of the project's latest response: "this week" of the pages. Empty without data. */
    Optional<Week> latestWeek(String project) {
        return store.latestResponse(project).map(Week::of);
    }

    /**
     * The last week that is over and has data: the latest response's week when it has ended, else
     * the one before it.
     */
    Optional<Week> lastCompleteWeek(String project) {
        return latestWeek(project).map(w -> w.to().isAfter(clock.instant()) ? w.previous() : w);
    }

    /** The numbers of {@code weeks} weeks ending with {@code last}. */
    Snapshot snapshot(String project, Week last, int weeks) {
        Week first = new Week(last.monday().minusWeeks(weeks - 1L));
        Instant from = first.from();
        Instant to = last.to();
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = first.monday(); d.isBefore(last.monday().plusDays(7)); d = d.plusDays(1)) {
            days.add(d);
        }
        List<Week> span = new ArrayList<>();
        for (Week w = first; !w.monday().isAfter(last.monday()); w = w.next()) {
            span.add(w);
        }
        LocalDate end = last.monday().plusDays(7);
        return new Snapshot(project, span, days,
                responses.computeIfAbsent(project, p -> new Tally())
                        .update(c -> store.dailyResponsesSince(project, c), first.monday(), end),
                negatives.computeIfAbsent(project, p -> new Tally())
                        .update(c -> store.dailyNegativesSince(project, c), first.monday(), end),
                store.dailyOccurrences(project, from, to));
    }

    /** The grouped counts of a span, and what the pages derive from them. */
    final class Snapshot {
        final String project;
        final List<Week> weeks;
        final List<LocalDate> days;
        final Map<String, Map<String, Long>> responses;
        final Map<String, Map<String, Long>> negatives;
        final Map<String, Map<String, Long>> occurrences;
        private final long[] weekResponses;
        private final Map<String, long[]> weekOccurrences = new HashMap<>();

        Snapshot(String project, List<Week> weeks, List<LocalDate> days, Map<String, Map<String, Long>> responses,
                Map<String, Map<String, Long>> negatives, Map<String, Map<String, Long>> occurrences) {
            this.project = project;
            this.weeks = weeks;
            this.days = days;
            this.responses = responses;
            this.negatives = negatives;
            this.occurrences = occurrences;
            this.weekResponses = new long[weeks.size()];
            for (int i = 0; i < days.size(); i++) {
                int w = i / 7;
                Map<String, Long> r = responses.get(days.get(i).toString());
                if (r != null) {
                    weekResponses[w] += r.values().stream().mapToLong(Long::longValue).sum();
                }
                Map<String, Long> o = occurrences.get(days.get(i).toString());
                if (o != null) {
                    o.forEach((id, n) -> weekOccurrences.computeIfAbsent(id, k -> new long[weeks.size()])[w] += n);
                }
            }
        }

        Week last() {
            return weeks.get(weeks.size() - 1);
        }

        long responses(int week) {
            return weekResponses[week];
        }

        /** Negatives triage saw in a week: assigned to a pattern or not. */
        long negatives(int week) {
            long n = 0;
            for (long[] counts : weekOccurrences.values()) {
                n += counts[week];
            }
            return n;
        }

        long occurrences(String patternId, int week) {
            long[] counts = weekOccurrences.get(patternId);
            return counts == null ? 0 : counts[week];
        }

        double rate(String patternId, int week) {
            return weekResponses[week] == 0 ? 0 : (double) occurrences(patternId, week) / weekResponses[week];
        }

        double[] weeklyRates(String patternId) {
            double[] out = new double[weeks.size()];
            for (int w = 0; w < out.length; w++) {
                out[w] = rate(patternId, w);
            }
            return out;
        }

        /** The last week's facts with up to three earlier weeks, as tickets state them (rising, falling...). */
        Facts facts(String patternId) {
            int last = weeks.size() - 1;
            List<Double> earlier = new ArrayList<>();
            for (int w = Math.max(0, last - 3); w < last; w++) {
                if (weekResponses[w] > 0) {
                    earlier.add(rate(patternId, w));
                }
            }
            return new Facts(last().from(), last().to(), occurrences(patternId, last), weekResponses[last],
                    List.copyOf(earlier));
        }

        /** Responses per day and prompt version. */
        Map<String, Map<String, Double>> responsesPerDay() {
            Map<String, Map<String, Double>> out = new TreeMap<>();
            responses.forEach((day, byVersion) -> byVersion.forEach((v, n) ->
                    out.computeIfAbsent(day, d -> new TreeMap<>()).put(v, (double) n)));
            return out;
        }

        /** Negative rate per day and prompt version, in percent; only days triage covered. */
        Map<String, Map<String, Double>> negativeRatePerDay() {
            Map<String, Map<String, Double>> out = new TreeMap<>();
            negatives.forEach((day, byVersion) -> byVersion.forEach((v, n) -> {
                Long total = responses.getOrDefault(day, Map.of()).get(v);
                if (total != null && total > 0) {
                    out.computeIfAbsent(day, d -> new TreeMap<>()).put(v, 100.0 * n / total);
                }
            }));
            return out;
        }
    }

    /** A pattern's row in the table and the report. */
    record Row(PatternRecord pattern, long count, double rate, double[] weeklyRates, String trend, double lift,
            Optional<TicketRecord> ticket, Optional<FixRecord> latestFix) {
    }

    List<Row> rows(Snapshot s, List<PatternRecord> patterns) {
        Map<String, TicketRecord> tickets = new HashMap<>();
        store.tickets(s.project).forEach(t -> tickets.put(t.patternId(), t));
        Map<String, FixRecord> latestFix = new HashMap<>();
        store.fixes(s.project, null).forEach(f -> latestFix.put(f.patternId(), f)); // oldest first: the last wins
        int last = s.weeks.size() - 1;
        List<Row> rows = new ArrayList<>();
        for (PatternRecord p : patterns) {
            rows.add(new Row(p, s.occurrences(p.patternId(), last), s.rate(p.patternId(), last),
                    s.weeklyRates(p.patternId()), s.facts(p.patternId()).trend(), lift(p),
                    Optional.ofNullable(tickets.get(p.patternId())), Optional.ofNullable(latestFix.get(p.patternId()))));
        }
        return rows;
    }

    static double lift(PatternRecord p) {
        if (p.evidenceJson() == null) {
            return Double.NaN;
        }
        return JsonText.read(p.evidenceJson()).get("lift") instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The verify JSON a fix's latest verdict was stored with (one result), or empty before its first verdict. */
    static Optional<JsonNode> verdict(FixRecord fix) {
        if (fix.lastResultJson() == null) {
            return Optional.empty();
        }
        try {
            JsonNode tree = JSON.readTree(fix.lastResultJson());
            return tree.isArray() && !tree.isEmpty() ? Optional.of(tree.get(0)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
