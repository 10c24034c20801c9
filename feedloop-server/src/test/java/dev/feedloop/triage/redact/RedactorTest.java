package dev.feedloop.triage.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private final Redactor redactor = Redactor.standard();

    @Test
    void redact_emailAndPhone_replacedByTypedPlaceholders() {
        assertThat(redactor.redact("mail me at ana@example.org or call +44 20 7946 0958"))
                .isEqualTo("mail me at [EMAIL] or call [PHONE]");
    }

    @Test
    void redactWithReport_countsEachKind() {
        Redaction r = redactor.redactWithReport(
                "a@x.org, b@y.org, card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00");
        assertThat(r.count(PiiKind.EMAIL)).isEqualTo(2);
        assertThat(r.count(PiiKind.CARD)).isEqualTo(1);
        assertThat(r.count(PiiKind.IBAN)).isEqualTo(1);
        assertThat(r.count(PiiKind.PHONE)).isZero();
        assertThat(r.total()).isEqualTo(4);
        assertThat(r.text()).isEqualTo("[EMAIL], [EMAIL], card [CARD], IBAN [IBAN]");
    }

    @Test
    void redact_textWithoutItems_isReturnedUnchanged() {
        String text = "The refund for order #123456 ($1,299.99) was due on 2024-01-15 at 10:30.";
        Redaction r = redactor.redactWithReport(text);
        assertThat(r.text()).isSameAs(text);
        assertThat(r.changed()).isFalse();
    }

    @Test
    void redact_nullAndEmpty_passThrough() {
        assertThat(redactor.redact(null)).isNull();
        assertThat(redactor.redact("")).isEmpty();
        assertThat(redactor.redactWithReport(null).total()).isZero();
    }

    @Test
    void redact_cardFailingLuhn_isKept() {
        assertThat(redactor.redact("ref 4111 1111 1111 1112")).isEqualTo("ref 4111 1111 1111 1112");
    }

    @Test
    void redact_cardFollowedByAnotherNumber_isStillFound() {
        // Found by RedactorProperties: the trailing " 0" made one 17-digit number that failed Luhn.
        assertThat(redactor.redact("4000 1000 0000 0000 0")).isEqualTo("[CARD] 0");
        assertThat(redactor.redact("qty 1234 4111 1111 1111 1111")).isEqualTo("qty 1234 [CARD]");
    }

    @Test
    void redact_phoneFollowedByAnotherNumber_isStillFound() {
        assertThat(redactor.redact("+44 20 7946 0958 1234567")).isEqualTo("[PHONE] 1234567");
    }

    @Test
    void redact_ibanWithWrongCheckDigits_isKept() {
        assertThat(redactor.redact("GB28 WEST 1234 5698 7654 32")).doesNotContain("[IBAN]");
    }

    @Test
    void redact_groupedIbanFollowedByWords_stopsAtTheIban() {
        assertThat(redactor.redact("IBAN GB82 WEST 1234 5698 7654 32 thanks a lot"))
                .isEqualTo("IBAN [IBAN] thanks a lot");
    }

    @Test
    void redact_accountNumberAfterContextWord_keepsTheWord() {
        assertThat(redactor.redact("my account number: 12345678, sort code 12-34-56"))
                .isEqualTo("my account number: [ACCOUNT], sort code [ACCOUNT]");
    }

    @Test
    void redact_bearerHeader_keepsTheScheme() {
        assertThat(redactor.redact("Authorization: Bearer abc123def456ghi789jkl"))
                .isEqualTo("Authorization: Bearer [SECRET]");
    }

    @Test
    void redact_urlWithPassword_removesTheCredentials() {
        assertThat(redactor.redact("postgres://admin:pa55word@db.internal/app"))
                .isEqualTo("postgres://[SECRET]/app");
    }

    @Test
    void redact_unterminatedPrivateKey_redactsToTheEnd() {
        assertThat(redactor.redact("here: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC"))
                .isEqualTo("here: [SECRET]");
    }

    @Test
    void redact_passwordWithoutDigitOrSymbol_isKeptAsWords() {
        assertThat(redactor.redact("password: forgotten")).isEqualTo("password: forgotten");
        assertThat(redactor.redact("password: hunter22")).isEqualTo("password: [SECRET]");
    }

    @Test
    void redact_uuid_isKept() {
        String text = "request 550e8400-e29b-41d4-a716-446655440000 failed";
        assertThat(redactor.redact(text)).isEqualTo(text);
    }

    @Test
    void standard_keepsIpAddresses_butIpv4KindRedactsThem() {
        String text = "server 192.168.1.20 timed out, v1.2.3.4 too";
        assertThat(redactor.redact(text)).isEqualTo(text);
        Redactor withIp = Redactor.of(EnumSet.allOf(PiiKind.class));
        assertThat(withIp.redact(text)).isEqualTo("server [IPV4] timed out, v1.2.3.4 too");
    }

    @Test
    void of_onlySelectedKinds_areRedacted() {
        Redactor emailsOnly = Redactor.of(Set.of(PiiKind.EMAIL));
        assertThat(emailsOnly.redact("a@x.org 4111 1111 1111 1111")).isEqualTo("[EMAIL] 4111 1111 1111 1111");
        assertThat(emailsOnly.kinds()).containsExactly(PiiKind.EMAIL);
    }

    @Test
    void of_emptyOrNullKinds_isRejectedNamingTheValue() {
        assertThatThrownBy(() -> Redactor.of(Set.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[]");
        assertThatThrownBy(() -> Redactor.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void redact_textRevealedByAFirstPass_isCaughtByTheNext() {
        // The card glued to the address hides the e-mail's end on the first pass.
        String once = redactor.redact("x ana@b.co4111111111111111 y");
        assertThat(redactor.redact(once)).isEqualTo(once);
    }

    @Test
    void redact_hugeInputs_doNotThrow() {
        String manyDigits = "1 ".repeat(200_000);
        String manyLabels = "a@" + "b.".repeat(50_000) + "com";
        String longKeyRun = "A1b2".repeat(100_000);
        assertThat(redactor.redact(manyDigits)).isEqualTo(manyDigits);
        assertThat(redactor.redact(manyLabels)).isNotNull();
        assertThat(redactor.redact(longKeyRun)).isEqualTo("[SECRET]");
    }

    @Test
    void redact_sharedAcrossThreads_givesTheSameResults() throws Exception {
        List<String> texts = RedactionCorpus.positives().stream().map(RedactionCorpus.Sample::text).toList();
        List<String> expected = texts.stream().map(redactor::redact).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    List<String> out = new ArrayList<>();
                    for (int round = 0; round < 50; round++) {
                        out = texts.stream().map(redactor::redact).toList();
                    }
                    return out;
                }));
            }
            for (Future<List<String>> run : runs) {
                assertThat(run.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void redaction_nonPositiveCount_isRejected() {
        assertThatThrownBy(() -> new Redaction("x", java.util.Map.of(PiiKind.EMAIL, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EMAIL=0");
    }
}
