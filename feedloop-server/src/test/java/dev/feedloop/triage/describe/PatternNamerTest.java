package dev.feedloop.triage.describe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PatternNamerTest {

    @Test
    void name_prefersBigramsAndDoesNotRepeatWords() {
        assertThat(PatternNamer.name(List.of("refund", "refund status", "status", "card"), "Where is my refund?"))
                .isEqualTo("Refund Status · Card");
    }

    @Test
    void name_keepsTheKeywordRankingOrder() {
        assertThat(PatternNamer.name(List.of("login", "password reset", "logout"), null))
                .isEqualTo("Login · Password Reset · Logout");
    }

    @Test
    void name_singleWordsSideBySideInTheExample_becomeAPhrase() {
        assertThat(PatternNamer.name(List.of("status", "delivery", "wrong"), "The delivery status is wrong again"))
                .isEqualTo("Delivery Status · Wrong");
    }

    @Test
    void name_lowRankedBigram_isNotPreferred() {
        List<String> keywords = List.of("login", "password", "logout", "session", "token", "expiry", "session expiry");
        assertThat(PatternNamer.name(keywords, null)).isEqualTo("Login · Password · Logout");
    }

    @Test
    void name_tooLong_dropsPartsThenTruncates() {
        String a = "internationalization".repeat(2);
        String name = PatternNamer.name(List.of(a, "configuration", "misbehaviour"), null);
        assertThat(name).hasSizeLessThanOrEqualTo(PatternNamer.MAX_LENGTH).startsWith("Internationalization");
        String one = PatternNamer.name(List.of("x".repeat(200)), null);
        assertThat(one).hasSize(PatternNamer.MAX_LENGTH).endsWith("…");
    }

    @Test
    void name_withoutKeywords_usesTheExample() {
        assertThat(PatternNamer.name(List.of(), "  why is my\ncard blocked?  ")).isEqualTo("Why is my card blocked?");
        assertThat(PatternNamer.name(null, null)).isEqualTo(PatternNamer.UNNAMED);
        assertThat(PatternNamer.name(List.of(" "), "")).isEqualTo(PatternNamer.UNNAMED);
    }

    @Property(tries = 500)
    void name_anyInput_isShortNonBlankAndDeterministic(@ForAll List<String> keywords, @ForAll String example) {
        String name = PatternNamer.name(keywords, example);
        assertThat(name).isNotBlank().hasSizeLessThanOrEqualTo(PatternNamer.MAX_LENGTH);
        assertThat(PatternNamer.name(keywords, example)).isEqualTo(name);
    }
}
