package dev.feedloop.triage.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.triage.redact.RedactionCorpus.Sample;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Counts what the standard redactor catches and misses on the labelled synthetic corpus, and
 * prints the table. The floors below are the quality we promise; the known misses in the
 * corpus are the ones documented on {@link Redactor}.
 */
class RedactorCorpusTest {
    private static final Redactor REDACTOR = Redactor.standard();
    private static final Map<PiiKind, int[]> RECALL = new EnumMap<>(PiiKind.class);
    private static final Map<String, int[]> FALSE_POSITIVES = new LinkedHashMap<>();
    private static final List<String> MISSES = new ArrayList<>();
    private static final List<String> FALSE_HITS = new ArrayList<>();

    @BeforeAll
    static void measure() {
        for (Sample s : RedactionCorpus.positives()) {
            Redaction r = REDACTOR.redactWithReport(s.text());
            boolean removed = !r.text().contains(s.item());
            int[] row = RECALL.computeIfAbsent(s.kind(), k -> new int[3]);
            row[0]++;
            row[1] += removed ? 1 : 0;
            row[2] += removed && r.count(s.kind()) > 0 ? 1 : 0;
            if (!removed) {
                MISSES.add(s.kind() + ": " + s.text().replace("\n", "\\n"));
            }
        }
        for (Sample s : RedactionCorpus.negatives()) {
            Redaction r = REDACTOR.redactWithReport(s.text());
            int[] row = FALSE_POSITIVES.computeIfAbsent(s.category(), k -> new int[2]);
            row[0]++;
            if (r.changed()) {
                row[1]++;
                FALSE_HITS.add(s.category() + ": " + s.text() + " -> " + r.text());
            }
        }
        print();
    }

    private static void print() {
        StringBuilder b = new StringBuilder("\nRedaction corpus (Redactor.standard())\n");
        b.append(String.format("%-8s %5s %8s %6s %7s%n", "kind", "items", "removed", "typed", "missed"));
        RECALL.forEach((kind, row) -> b.append(String.format("%-8s %5d %8d %6d %7d%n",
                kind, row[0], row[1], row[2], row[0] - row[1])));
        b.append(String.format("%n%-9s %5s %15s%n", "negative", "texts", "false positives"));
        FALSE_POSITIVES.forEach((cat, row) -> b.append(String.format("%-9s %5d %15d%n", cat, row[0], row[1])));
        MISSES.forEach(m -> b.append("  missed  ").append(m).append('\n'));
        FALSE_HITS.forEach(m -> b.append("  false + ").append(m).append('\n'));
        System.out.println(b);
    }

    private static double recall(PiiKind kind) {
        int[] row = RECALL.get(kind);
        return row[1] / (double) row[0];
    }

    @Test
    void corpus_emails_allPlainFormsRemoved() {
        // Two obfuscated forms ("at", "[at]") are the documented misses.
        assertThat(recall(PiiKind.EMAIL)).isGreaterThanOrEqualTo(12 / 14.0);
    }

    @Test
    void corpus_phones_mostFormsRemoved() {
        assertThat(recall(PiiKind.PHONE)).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void corpus_cards_validGroupedNumbersRemoved() {
        // Luhn failures and unusual groupings are the documented misses.
        assertThat(recall(PiiKind.CARD)).isGreaterThanOrEqualTo(13 / 16.0);
    }

    @Test
    void corpus_ibans_allRemoved() {
        assertThat(recall(PiiKind.IBAN)).isEqualTo(1.0);
    }

    @Test
    void corpus_accounts_contextualNumbersRemoved() {
        assertThat(recall(PiiKind.ACCOUNT)).isGreaterThanOrEqualTo(11 / 12.0);
    }

    @Test
    void corpus_secrets_mostRemoved() {
        assertThat(recall(PiiKind.SECRET)).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void corpus_removedItems_areMostlyTypedRight() {
        int removed = 0;
        int typed = 0;
        for (int[] row : RECALL.values()) {
            removed += row[1];
            typed += row[2];
        }
        assertThat(typed).isGreaterThanOrEqualTo(removed - 2);
    }

    /**
     * Random 16-digit order numbers: 5 in 10 start with 2-6 and 1 in 10 of those pass Luhn, so
     * about 5 % are expected to be taken for cards; this measures it.
     */
    @Test
    void randomOrderNumbers_fewTakenForCards() {
        Random r = new Random(7);
        int n = 2000;
        int hits = 0;
        for (int i = 0; i < n; i++) {
            StringBuilder number = new StringBuilder();
            for (int d = 0; d < 16; d++) {
                number.append(r.nextInt(10));
            }
            if (REDACTOR.redactWithReport("order " + number + " is late").count(PiiKind.CARD) > 0) {
                hits++;
            }
        }
        System.out.printf("random 16-digit order numbers taken for cards: %d of %d (%.1f %%)%n",
                hits, n, 100.0 * hits / n);
        assertThat(hits).isBetween(n / 40, n / 12);
    }

    @Test
    void corpus_hardNegatives_fewFalsePositives() {
        int texts = 0;
        int hits = 0;
        for (int[] row : FALSE_POSITIVES.values()) {
            texts += row[0];
            hits += row[1];
        }
        assertThat(hits).as("false positives among %d hard negatives: %s", texts, FALSE_HITS)
                .isLessThanOrEqualTo(1);
    }
}
