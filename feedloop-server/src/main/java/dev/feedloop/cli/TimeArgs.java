package dev.feedloop.cli;

import dev.feedloop.capture.Timestamps;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Times on the command line: those of {@link Timestamps} (as in the HTTP API), or an ISO week. */
final class TimeArgs {
    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");

    private TimeArgs() {
    }

    /** The forms of {@link Timestamps}, shared with the HTTP API. */
    static Instant instant(String value, String option) {
        try {
            return Timestamps.parseDateOrTime(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(Timestamps.invalid(option, value));
        }
    }

    /** Monday 00:00 UTC of an ISO week, and the Monday after. */
    static Instant[] week(String value) {
        Matcher m = WEEK.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("--week '" + value + "' must look like 2026-W47");
        }
        int year = Integer.parseInt(m.group(1));
        int week = Integer.parseInt(m.group(2));
        LocalDate monday;
        try {
            monday = LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                    .with(java.time.DayOfWeek.MONDAY);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("--week '" + value + "': " + year + " has no week " + week);
        }
        if (week < 1 || monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) != week) {
            throw new IllegalArgumentException("--week '" + value + "': " + year + " has no week " + week);
        }
        Instant from = monday.atStartOfDay().toInstant(ZoneOffset.UTC);
        return new Instant[] {from, from.plus(java.time.Duration.ofDays(7))};
    }
}
