package dev.feedloop.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ShinglesTest {

    @Provide
    Arbitrary<String> questions() {
        return Arbitraries.of("how", "do", "I", "reset", "my", "password", "cancel", "card", "the", "?")
                .list().ofMaxSize(10).map(words -> String.join(" ", words));
    }

    @Property(tries = 300)
    void similarity_isSymmetric(@ForAll("questions") String a, @ForAll("questions") String b) {
        assertThat(Shingles.similarity(a, b)).isEqualTo(Shingles.similarity(b, a));
    }

    @Property(tries = 300)
    void similarity_staysWithinZeroAndOne(@ForAll("questions") String a, @ForAll("questions") String b) {
        assertThat(Shingles.similarity(a, b)).isBetween(0.0, 1.0);
    }

    @Property(tries = 200)
    void similarity_sameText_isOne(@ForAll("questions") String a) {
        assertThat(Shingles.similarity(a, a)).isEqualTo(1.0);
    }

    @Property(tries = 200)
    void similarity_textsWithNoCommonWord_isZero(@ForAll("questions") String a) {
        String other = a.isBlank() ? "zebra" : "zebra quokka";
        if (!Tokenizer.words(a).isEmpty()) {
            assertThat(Shingles.similarity(a, other)).isZero();
        }
    }

    @Property(tries = 500)
    void jaccard_equalsTheJaccardOfTheWordAndBigramSets(@ForAll("questions") String a, @ForAll("questions") String b) {
        Set<String> x = features(a);
        Set<String> y = features(b);
        Set<String> common = new HashSet<>(x);
        common.retainAll(y);
        double expected = x.isEmpty() && y.isEmpty() ? 1.0
                : (double) common.size() / (x.size() + y.size() - common.size());
        assertThat(Shingles.of(a).jaccard(Shingles.of(b))).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> mixedScripts() {
        return Arbitraries.of("Über", "über", "ÇA", "ça", "İstanbul", "istanbul", "ΣΟΦΟΣ", "σοφος", "don't", "dont",
                "café", "CAFÉ", "東京", "Straße", "STRASSE", "it’s", "refund", "?").list().ofMaxSize(8)
                .map(words -> String.join(" ", words));
    }

    @Property(tries = 500)
    void jaccard_outsideAscii_equalsTheJaccardOfTheLowerCasedWords(@ForAll("mixedScripts") String a,
            @ForAll("mixedScripts") String b) {
        jaccard_equalsTheJaccardOfTheWordAndBigramSets(a, b);
    }

    @Example
    void similarity_aRepeatedWordOrBigram_countsOnce() {
        assertThat(Shingles.similarity("refund refund refund", "refund")).isEqualTo(0.5); // {refund, refund refund} vs {refund}
    }

    private static Set<String> features(String text) {
        List<String> words = Tokenizer.words(text);
        Set<String> out = new HashSet<>(words);
        for (int i = 1; i < words.size(); i++) {
            out.add(words.get(i - 1) + ' ' + words.get(i));
        }
        return out;
    }

    @Example
    void similarity_rephrasedQuestion_reachesTheReaskThreshold() {
        assertThat(Shingles.similarity("how do I reset my password", "How can I reset my password?"))
                .isGreaterThanOrEqualTo(0.5);
    }

    @Example
    void similarity_questionsSharingOnlyStopWords_stayBelowTheReaskThreshold() {
        assertThat(Shingles.similarity("how do I reset my password", "how do I cancel my subscription"))
                .isLessThan(0.5);
    }

    @Example
    void similarity_contractions_shareNoStrayFragments() {
        // "what's" and "it's" are the words "whats" and "its", not "what" + "s" and "it" + "s"
        assertThat(Shingles.similarity("what's the fee", "it's late")).isZero();
    }

    @Example
    void similarity_wordOrderMatters_throughBigrams() {
        assertThat(Shingles.similarity("dog bites man", "man bites dog")).isLessThan(1.0).isGreaterThan(0.0);
    }
}
