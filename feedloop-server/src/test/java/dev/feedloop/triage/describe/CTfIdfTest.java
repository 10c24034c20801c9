package dev.feedloop.triage.describe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.feedloop.text.StopWords;
import dev.feedloop.text.Tokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CTfIdfTest {
    /** Three synthetic failure patterns; "app" and "order" appear in every one of them. */
    static final List<List<String>> CLUSTERS = List.of(
            List.of("The app never shows my refund status for the order",
                    "Refund status is wrong in the app",
                    "Where is my refund? The order was cancelled",
                    "app says refund status pending for weeks",
                    "I asked about the refund status of my order and got nonsense"),
            List.of("The app logs me out, login fails with password error",
                    "Cannot login to the app after password reset",
                    "password reset link for my order account does not work",
                    "login loop in the app, password accepted then logged out",
                    "two factor login code never arrives for the app"),
            List.of("The app gave the wrong delivery date for my order",
                    "Delivery tracking for the order is wrong",
                    "the app says delivered but the order never arrived",
                    "delivery date changed three times for one order",
                    "tracking number in the app does not match the delivery"));

    @Test
    void topKeywords_distinctiveWordsRankFirst() {
        List<List<String>> top = CTfIdf.fit(CLUSTERS).topKeywords(3);
        assertThat(top.get(0)).first().isIn("refund", "refund status");
        assertThat(top.get(1)).first().isIn("login", "password");
        assertThat(top.get(2)).first().isIn("delivery", "tracking");
    }

    @Test
    void weight_wordCommonToAllClusters_isBelowASpecificWordOfEqualCount() {
        // In the login cluster "app" and "login" both occur 4 times; only "login" is specific.
        CTfIdf model = CTfIdf.fit(CLUSTERS);
        assertThat(model.weight(1, "app")).isLessThan(0.75 * model.weight(1, "login"));
        assertThat(model.weight(1, "app")).isLessThan(0.75 * model.weight(1, "password"));
    }

    @Test
    void topKeywords_withAllTrafficAsBackground_commonWordsLeaveTheTop() {
        List<String> traffic = new ArrayList<>();
        CLUSTERS.forEach(traffic::addAll);
        for (int i = 0; i < 50; i++) {
            traffic.add("question about my order in the app");
        }
        List<List<String>> top = CTfIdf.fit(CLUSTERS, traffic).topKeywords(3);
        for (List<String> keywords : top) {
            assertThat(keywords).doesNotContain("app", "order");
        }
    }

    @Test
    void topKeywords_neverHoldStopWords() {
        CTfIdf model = CTfIdf.fit(CLUSTERS);
        for (List<String> keywords : model.topKeywords(50)) {
            for (String term : keywords) {
                for (String word : term.split(" ")) {
                    assertThat(StopWords.contains(word)).as(term).isFalse();
                }
            }
        }
    }

    @Test
    void weight_matchesTheBertopicFormula() {
        // A: apple x2, banana x1 (3 terms); B: banana, cherry (2 terms); A = 2.5 terms per class.
        CTfIdf model = CTfIdf.fit(List.of(List.of("apple banana", "apple"), List.of("banana cherry")),
                List.of(), Tokenizer.englishUnigrams());
        assertThat(model.weight(0, "apple")).isCloseTo(2 / 3.0 * Math.log(1 + 2.5 / 2), within(1e-12));
        assertThat(model.weight(0, "banana")).isCloseTo(1 / 3.0 * Math.log(1 + 2.5 / 2), within(1e-12));
        assertThat(model.weight(1, "cherry")).isCloseTo(1 / 2.0 * Math.log(1 + 2.5 / 1), within(1e-12));
        assertThat(model.weight(1, "apple")).isZero();
    }

    @Test
    void background_makesWordsCommonInAllTrafficRankLower() {
        // "account" is distinctive among clusters but appears in every background message.
        List<List<String>> clusters = List.of(
                List.of("account refund missing", "account refund late", "account refund wrong"),
                List.of("login broken", "login slow"));
        List<String> background = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            background.add("my account question number " + i);
        }
        CTfIdf alone = CTfIdf.fit(clusters, List.of(), Tokenizer.englishUnigrams());
        CTfIdf withTraffic = CTfIdf.fit(clusters, background, Tokenizer.englishUnigrams());
        assertThat(alone.weight(0, "account")).isEqualTo(alone.weight(0, "refund"));
        assertThat(withTraffic.weight(0, "account")).isLessThan(withTraffic.weight(0, "refund") / 3);
        assertThat(withTraffic.topKeywords(1).get(0)).containsExactly("refund");
    }

    @Test
    void keywords_termInOnlyOneDocument_isNotAKeyword() {
        CTfIdf model = CTfIdf.fit(List.of(List.of("refund refund refund zebra zebra zebra zebra", "refund late")));
        assertThat(model.topKeywords(10).get(0)).contains("refund").doesNotContain("zebra");
    }

    @Test
    void keywords_singleDocumentCluster_stillHasKeywords() {
        CTfIdf model = CTfIdf.fit(List.of(List.of("refund late"), List.of("login broken", "login slow")));
        assertThat(model.topKeywords(5).get(0)).contains("refund", "late");
    }

    @Test
    void topKeywords_sameInputInAnyDocumentOrder_isIdentical() {
        List<List<String>> shuffled = new ArrayList<>();
        Random random = new Random(3);
        for (List<String> docs : CLUSTERS) {
            List<String> copy = new ArrayList<>(docs);
            Collections.shuffle(copy, random);
            shuffled.add(copy);
        }
        assertThat(CTfIdf.fit(shuffled).topKeywords(10)).isEqualTo(CTfIdf.fit(CLUSTERS).topKeywords(10));
    }

    @Test
    void keywords_equalWeights_areOrderedByTerm() {
        CTfIdf model = CTfIdf.fit(List.of(List.of("zeta alpha", "alpha zeta")), List.of(), Tokenizer.englishUnigrams());
        assertThat(model.topKeywords(2).get(0)).containsExactly("alpha", "zeta");
    }

    @Test
    void fit_emptyClusterAndNullDocuments_giveNoKeywords() {
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        CTfIdf model = CTfIdf.fit(List.of(List.of(), withNull, List.of("login broken", "login slow")));
        assertThat(model.topKeywords(3).get(0)).isEmpty();
        assertThat(model.topKeywords(3).get(1)).isEmpty();
        assertThat(model.topKeywords(3).get(2)).first().isEqualTo("login");
    }

    @Test
    void fit_invalidArguments_areRejected() {
        assertThatThrownBy(() -> CTfIdf.fit(List.of())).isInstanceOf(IllegalArgumentException.class);
        List<List<String>> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> CTfIdf.fit(withNull)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster 0");
        CTfIdf model = CTfIdf.fit(CLUSTERS);
        assertThatThrownBy(() -> model.keywords(3, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3");
        assertThatThrownBy(() -> model.topKeywords(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }
}
