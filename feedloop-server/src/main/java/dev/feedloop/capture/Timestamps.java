package dev.feedloop.capture;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The one reader of times for every door. A window or a deployment (the HTTP API's {@code from},
 * {@code to}, {@code deployed_at}, {@code as_of}, and the same options of the command line) is
 * read by {@link #parseDateOrTime}: an ISO-8601 time with an offset, or a plain date as UTC
 * midnight. A record's {@code timestamp} is read by {@link #parse}, which wants the time of day:
 * re-ask detection and the order of a session's events depend on it, and a date would put a
 * whole day's events at one instant.
 *
 * <p>A fast path reads the form nearly every client sends ({@code 2026-11-20T09:30:00.123Z},
 * {@code +01:00} offsets): the formatter-based parse was the largest single cost of validating a
 * feedback event (async-profiler, single-event ingest). Anything the fast path does not recognise
 * goes to the JDK's parsers, so the accepted language and its errors are exactly theirs.
 */
public final class Timestamps {
    /** The form of {@link #parse}, for the sentences that refuse a time. */
    public static final String TIME_FORM = "an ISO-8601 time with an offset (2026-11-20T09:30:00Z)";
    /** The forms of {@link #parseDateOrTime}. */
    public static final String FORMS = "a date (2026-11-20, read as UTC midnight) or " + TIME_FORM;
    private static final int SHOWN = 40;

    private Timestamps() {
    }

    /** @throws DateTimeParseException when the text is not {@link #TIME_FORM} */
    public static Instant parse(String text) {
        Instant fast = fastParse(text);
        return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
    }

    /** @throws DateTimeParseException when the text is neither form of {@link #FORMS} */
    public static Instant parseDateOrTime(String text) {
        if (isDate(text)) {
            return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        return parse(text);
    }

    /** True for text shaped as a plain date, {@code yyyy-MM-dd} (which may still be no real day). */
    public static boolean isDate(String text) {
        return text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-';
    }

    /** The sentence refusing a time: {@code --from 'last week' is not a date (...) or an ISO-8601 time ...}. */
    public static String invalid(String name, String value) {
        return name + " '" + shorten(value) + "' is not " + FORMS;
    }

    /** The sentence refusing a record's time: it must have a time of day. */
    public static String invalidTime(String name, String value) {
        return name + " '" + shorten(value) + "' is " + (isDate(value) ? "a date without a time; send " : "not ")
                + TIME_FORM;
    }

    private static String shorten(String value) {
        return value.length() <= SHOWN ? value : value.substring(0, SHOWN) + "...";
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:mm)}, or null for anything else. */
    static Instant fastParse(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || (i < n && isDigit(s.charAt(i)))) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if ((oh | om) < 0 || oh > 18 || om > 59) {
                return null;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }
        try {
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetSeconds);
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(offset);
        } catch (DateTimeException e) {
            return null; // an impossible date (02-30, 25:00): let the JDK word the error
        }
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
