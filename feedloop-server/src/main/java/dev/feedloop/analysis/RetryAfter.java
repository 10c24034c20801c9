package dev.feedloop.analysis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Reads a Retry-After header: seconds (fractions allowed, as some gateways send) or an HTTP date (RFC 9110, 10.2.3). */
final class RetryAfter {
    private RetryAfter() {
    }

    /** The wait, or null when the header is absent or unreadable. */
    static Duration parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            double seconds = Double.parseDouble(v);
            return seconds < 0 || Double.isNaN(seconds) ? null : Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException ignored) {
                return null;
            }
        }
    }
}
