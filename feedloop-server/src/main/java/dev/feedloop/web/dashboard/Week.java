package dev.feedloop.web.dashboard;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An ISO week (Monday to Sunday, UTC), as {@code feedloop triage --week} and the weekly report name it. */
public record Week(LocalDate monday) {
    private static final Pattern FORM = Pattern.compile("(\\d{4})-W(\\d{1,2})");

    public Week {
        if (monday.getDayOfWeek() != DayOfWeek.MONDAY) {
            throw new IllegalArgumentException("a week starts on a Monday, got " + monday);
        }
    }

    /** The week holding a day. */
    public static Week of(LocalDate day) {
        return new Week(day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
    }

    /** The week holding an instant (UTC). */
    public static Week of(Instant at) {
        return of(at.atOffset(ZoneOffset.UTC).toLocalDate());
    }

    /**
     * Parses {@code 2026-W47}.
     *
     * @throws IllegalArgumentException when the text is not an ISO week of a real year
     */
    public static Week parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("a week reads like 2026-W47 (ISO year and week), got '" + text + "'");
        }
        int year = Integer.parseInt(m.group(1));
        int week = Integer.parseInt(m.group(2));
        try {
            LocalDate monday = LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            if (week < 1 || monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) != week) {
                throw new IllegalArgumentException(year + " has no week " + week);
            }
            return new Week(monday);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException(year + " has no week " + week);
        }
    }

    public Instant from() {
        return monday.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** The instant after the week's last (exclusive end). */
    public Instant to() {
        return monday.plusDays(7).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public Week previous() {
        return new Week(monday.minusWeeks(1));
    }

    public Week next() {
        return new Week(monday.plusWeeks(1));
    }

    /** {@code 2026-W47}. */
    public String label() {
        return String.format("%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
                monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** {@code 2026-11-16 .. 2026-11-22}. */
    public String days() {
        return monday + " .. " + monday.plusDays(6);
    }

    @Override
    public String toString() {
        return label();
    }
}
