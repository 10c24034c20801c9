package dev.feedloop.jobs;

import dev.feedloop.store.RetentionStore.Dropped;
import dev.feedloop.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Drops the raw text of responses older than a number of days (FEEDLOOP_RETAIN_TEXT_DAYS), one
 * day's rows per transaction, keeping what verification counts ({@link dev.feedloop.store.RetentionStore}).
 * Each project's pass starts where its last one ended, so a daily run touches one day of rows.
 *
 * <pre>{@code
 * new TextRetention(store, 90, Clock.systemUTC()).run(false);
 * }</pre>
 */
public final class TextRetention {
    private static final Duration SLICE = Duration.ofDays(1);
    private final Store store;
    private final int days;
    private final Clock clock;

    /** @throws IllegalArgumentException when {@code days} is below 1 */
    public TextRetention(Store store, int days, Clock clock) {
        if (days < 1) {
            throw new IllegalArgumentException("text must be kept at least 1 day, got " + days);
        }
        this.store = store;
        this.days = days;
        this.clock = clock;
    }

    /** Text of responses before this instant goes: the start of the UTC day {@code days} ago. */
    public Instant cutoff() {
        return clock.instant().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days));
    }

    /**
     * Drops the text of every project's responses before {@link #cutoff()}.
     *
     * @param fromTheStart also look at rows before where the last pass ended (records imported later
     *     with old times); otherwise only the rows that aged past the cutoff since then
     */
    public Dropped run(boolean fromTheStart) {
        Instant cutoff = cutoff();
        Dropped total = new Dropped(0, 0);
        for (String project : store.projects()) {
            Optional<Instant> done = store.textDroppedBefore(project);
            Optional<Instant> start = fromTheStart || done.isEmpty() ? store.oldestResponse(project) : done;
            if (start.isEmpty()) {
                continue;
            }
            for (Instant from = start.get().truncatedTo(ChronoUnit.DAYS); from.isBefore(cutoff); from = from.plus(SLICE)) {
                Instant to = from.plus(SLICE).isAfter(cutoff) ? cutoff : from.plus(SLICE);
                total = total.plus(store.dropText(project, from, to));
            }
            if (done.isEmpty() || done.get().isBefore(cutoff)) {
                store.textDroppedBefore(project, cutoff);
            }
        }
        return total;
    }
}
