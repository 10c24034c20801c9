package dev.feedloop.triage.redact;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

class RedactorProperties {
    private static final Redactor REDACTOR = Redactor.of(java.util.EnumSet.allOf(PiiKind.class));
    /** Characters that every detector reacts to, so that random strings come close to items. */
    private static final String NEAR_MISS = "0123456789 -+.()@/:=_#aAbeEJkKsxyz[]\n";

    @Property(tries = 1000)
    void anyString_neverThrows_andIsIdempotent(@ForAll @StringLength(max = 300) String text) {
        String once = REDACTOR.redact(text);
        assertThat(once).isNotNull();
        assertThat(REDACTOR.redact(once)).isEqualTo(once);
    }

    @Property(tries = 2000)
    void nearMissString_isIdempotent(@ForAll @StringLength(max = 120) @Chars({
            '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ' ', '-', '+', '.', '(', ')', '@', '/',
            ':', '=', '_', '#', 'a', 'A', 'b', 'e', 'E', 'J', 'k', 'K', 's', 'x', 'y', 'z', '[', ']',
            '\n'}) String text) {
        String once = REDACTOR.redact(text);
        assertThat(REDACTOR.redact(once)).isEqualTo(once);
    }

    @Property(tries = 1000)
    void plantedCard_neverSurvives(@ForAll("cards") String card, @ForAll("noise") String before,
                                   @ForAll("noise") String after) {
        String out = REDACTOR.redact(before + " " + card + " " + after);
        assertThat(out).doesNotContain(card);
        assertThat(REDACTOR.redact(out)).isEqualTo(out);
    }

    @Property(tries = 1000)
    void plantedEmail_neverSurvives(@ForAll("emails") String email, @ForAll("noise") String before,
                                    @ForAll("noise") String after) {
        String out = REDACTOR.redact(before + " " + email + " " + after);
        assertThat(out).doesNotContain(email);
        assertThat(REDACTOR.redact(out)).isEqualTo(out);
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.strings().withChars(NEAR_MISS).ofMaxLength(40);
    }

    /** Luhn-valid 16-digit numbers starting with 4, written plain or in groups of four. */
    @Provide
    Arbitrary<String> cards() {
        Arbitrary<String> body = Arbitraries.strings().numeric().ofLength(14);
        Arbitrary<String> separator = Arbitraries.of("", " ", "-");
        return Combinators.combine(body, separator).as((b, sep) -> {
            String digits15 = "4" + b;
            String full = digits15 + luhnDigit(digits15);
            return full.substring(0, 4) + sep + full.substring(4, 8) + sep + full.substring(8, 12) + sep
                    + full.substring(12);
        });
    }

    @Provide
    Arbitrary<String> emails() {
        Arbitrary<String> local = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("._+")
                .ofMinLength(1).ofMaxLength(20).filter(s -> Character.isLetterOrDigit(s.charAt(0)));
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> tld = Arbitraries.of("com", "org", "io", "co.uk", "fr", "museum");
        return Combinators.combine(local, label, tld).as((l, d, t) -> l + "@" + d + "." + t);
    }

    private static int luhnDigit(String payload) {
        for (int check = 0; check <= 9; check++) {
            if (Checksums.luhn(payload + check)) {
                return check;
            }
        }
        throw new IllegalStateException("no Luhn digit for " + payload);
    }
}
