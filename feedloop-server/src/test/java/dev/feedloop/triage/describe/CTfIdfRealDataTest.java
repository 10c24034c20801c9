package dev.feedloop.triage.describe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Keyword quality on real user phrasing: banking77's test split grouped by its true intent
 * stands in for perfect clusters; a cluster's keywords are counted as on topic when one of
 * its top 5 shares a 4-letter stem with a word of the intent's name ("card_arrival" and
 * "arrive"). Intent names are terse and partly abstract ("beneficiary_not_allowed"), so the
 * measure is a floor, not a precision.
 */
class CTfIdfRealDataTest {

    @Test
    void banking77TrueIntents_keywordsMatchTheIntentName() throws IOException {
        Optional<Path> data = SharedData.dir();
        assumeTrue(data.isPresent(), "shared/data not found; skipping");
        Path test = data.get().resolve("banking77/test.csv");
        Path train = data.get().resolve("banking77/train.csv");
        assumeTrue(Files.isRegularFile(test) && Files.isRegularFile(train), "banking77 missing");

        Map<String, List<String>> byIntent = new TreeMap<>();
        for (List<String> row : SharedData.csv(test)) {
            byIntent.computeIfAbsent(row.get(1), k -> new ArrayList<>()).add(row.get(0));
        }
        List<String> intents = new ArrayList<>(byIntent.keySet());
        List<List<String>> clusters = new ArrayList<>(byIntent.values());
        List<String> background = SharedData.csv(train).stream().map(r -> r.get(0)).toList();

        double alone = onTopicShare(intents, CTfIdf.fit(clusters).topKeywords(5), false);
        double withBackground = onTopicShare(intents, CTfIdf.fit(clusters, background).topKeywords(5), true);
        System.out.printf("banking77 (%d intents): keywords on topic %.1f %% alone, %.1f %% with train as background%n",
                intents.size(), 100 * alone, 100 * withBackground);
        assertThat(alone).isGreaterThanOrEqualTo(0.7);
        assertThat(withBackground).isGreaterThanOrEqualTo(0.7);
    }

    private static double onTopicShare(List<String> intents, List<List<String>> keywords, boolean print) {
        int hits = 0;
        for (int c = 0; c < intents.size(); c++) {
            boolean hit = matches(intents.get(c), keywords.get(c));
            hits += hit ? 1 : 0;
            if (print && c % 8 == 0) {
                System.out.printf("  %-32s %s  -> %s%n", intents.get(c), keywords.get(c),
                        PatternNamer.name(keywords.get(c), null));
            }
        }
        return hits / (double) intents.size();
    }

    private static boolean matches(String intent, List<String> keywords) {
        for (String label : intent.split("_")) {
            for (String term : keywords) {
                for (String word : term.split(" ")) {
                    int n = Math.min(4, Math.min(label.length(), word.length()));
                    if (n >= 3 && label.regionMatches(true, 0, word, 0, n)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
