package dev.feedloop.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class TimestampsTest {

    @Property(tries = 1000)
    void parse_agreesWithTheJdk_onGeneratedTimestamps(@ForAll @LongRange(min = 0, max = 4_102_444_800L) long epochSecond,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos, @ForAll @IntRange(min = -18 * 60, max = 18 * 60) int offsetMinutes,
            @ForAll("patterns") String pattern) {
        OffsetDateTime time = Instant.ofEpochSecond(epochSecond, nanos).atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
        String text = DateTimeFormatter.ofPattern(pattern).format(time);
        assertThat(Timestamps.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.of("uuuu-MM-dd'T'HH:mm:ssXXX", "uuuu-MM-dd'T'HH:mm:ss.SXXX", "uuuu-MM-dd'T'HH:mm:ss.SSSXXX",
                "uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX", "uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX", "uuuu-MM-dd'T'HH:mmXXX");
    }

    @Property(tries = 1000)
    void parse_acceptsAndRejectsLikeTheJdk_onMangledText(@ForAll("mangled") String text) {
        Instant expected;
        try {
            expected = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(Timestamps.parse(text)).isEqualTo(expected);
    }

    /** A valid timestamp with one character replaced, dropped or inserted. */
    @Provide
    Arbitrary<String> mangled() {
        String base = "2026-11-20T09:30:05.125+01:00";
        Arbitrary<Character> chars = Arbitraries.of('0', '1', '9', '-', ':', '.', 'T', 't', 'Z', 'z', '+', ' ', 'x');
        Arbitrary<Integer> at = Arbitraries.integers().between(0, base.length() - 1);
        return net.jqwik.api.Combinators.combine(at, chars, Arbitraries.integers().between(0, 2)).as((i, c, op) -> switch (op) {
            case 0 -> base.substring(0, i) + c + base.substring(i + 1);
            case 1 -> base.substring(0, i) + base.substring(i + 1);
            default -> base.substring(0, i) + c + base.substring(i);
        });
    }

    @Example
    void parse_impossibleDate_isRejected() {
        assertThatThrownBy(() -> Timestamps.parse("2026-02-30T10:00:00Z")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Timestamps.parse("2026-11-20T24:00:00Z")).isInstanceOf(DateTimeParseException.class);
    }

    @Example
    void fastParse_commonForms_needNoFallback() {
        assertThat(Timestamps.fastParse("2026-11-20T09:30:00Z")).isEqualTo(Instant.parse("2026-11-20T09:30:00Z"));
        assertThat(Timestamps.fastParse("2026-11-20T09:30:00.5-02:30")).isEqualTo(Instant.parse("2026-11-20T12:00:00.5Z"));
    }

    @Example
    void parseDateOrTime_plainDate_isUtcMidnight_andTimesAreReadAsByParse() {
        assertThat(Timestamps.parseDateOrTime("2026-11-20")).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(Timestamps.parseDateOrTime("2026-11-20T10:30:00+01:00")).isEqualTo(Instant.parse("2026-11-20T09:30:00Z"));
    }

    @Example
    void parseDateOrTime_dateTimeWithoutOffset_andImpossibleDates_areRejected() {
        assertThatThrownBy(() -> Timestamps.parseDateOrTime("2026-11-20T09:30:00")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Timestamps.parseDateOrTime("2026-13-01")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Timestamps.parseDateOrTime("20261120")).isInstanceOf(DateTimeParseException.class);
    }

    @Example
    void parse_plainDate_isRejected_aRecordNeedsItsTimeOfDay() {
        assertThatThrownBy(() -> Timestamps.parse("2026-11-20")).isInstanceOf(DateTimeParseException.class);
    }

    @Example
    void invalid_namesTheValueAndTheForms() {
        assertThat(Timestamps.invalid("--from", "last week")).isEqualTo("--from 'last week' is not a date (2026-11-20,"
                + " read as UTC midnight) or an ISO-8601 time with an offset (2026-11-20T09:30:00Z)");
    }
}
