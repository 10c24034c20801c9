package dev.feedloop.routing;

import dev.feedloop.store.TriageStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A pattern's numbers for a ticket: occurrences and rate per response in a window, and the rates of
 * the same-length windows before it (the trend). Counts come from our own assignments.
 */
public record Facts(Instant from, Instant to, long count, long responses, List<Double> earlierRates) {
    static final int EARLIER_WINDOWS = 3;

    public static Facts of(TriageStore store, String project, String patternId, Instant from, Instant to) {
        Duration length = Duration.between(from, to);
        List<Double> earlier = new ArrayList<>();
        for (int k = EARLIER_WINDOWS; k >= 1; k--) {
            Instant f = from.minus(length.multipliedBy(k));
            Instant t = f.plus(length);
            long responses = store.countResponses(project, f, t, null);
            if (responses > 0) {
                earlier.add((double) store.occurrences(project, patternId, f, t, null) / responses);
            }
        }
        return new Facts(from, to, store.occurrences(project, patternId, from, to, null),
                store.countResponses(project, from, to, null), List.copyOf(earlier));
    }

    public double rate() {
        return responses == 0 ? 0 : (double) count / responses;
    }

    /** rising, falling, steady, or new (no earlier traffic to compare with). */
    public String trend() {
        if (earlierRates.isEmpty()) {
            return "new";
        }
        double mean = earlierRates.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        if (mean == 0) {
            return rate() > 0 ? "rising" : "steady";
        }
        double ratio = rate() / mean;
        return ratio >= 1.25 ? "rising" : ratio <= 0.8 ? "falling" : "steady";
    }

    /** "12 of 4,310 responses (0.28 %), rising (earlier weeks: 0.10 %, 0.12 %)". */
    public String sentence() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d of %,d responses (%s)", count, responses,
                percent(rate())));
        s.append(", trend ").append(trend());
        if (!earlierRates.isEmpty()) {
            s.append(" (earlier windows, oldest first: ");
            s.append(String.join(", ", earlierRates.stream().map(Facts::percent).toList())).append(")");
        }
        return s.toString();
    }

    static String percent(double rate) {
        return String.format(Locale.ROOT, "%.2f %%", rate * 100);
    }
}
