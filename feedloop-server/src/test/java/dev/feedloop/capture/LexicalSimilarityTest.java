package dev.feedloop.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.text.Tokenizer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LexicalSimilarityTest {

    @Provide
    Arbitrary<String> questions() {
        return Arbitraries.of("how", "do", "I", "reset", "my", "password", "cancel", "card", "the", "?")
                .list().ofMaxSize(10).map(words -> String.join(" ", words));
    }

    @Property(tries = 300)
    void of_isSymmetric(@ForAll("questions") String a, @ForAll("questions") String b) {
        assertThat(LexicalSimilarity.of(a, b)).isEqualTo(LexicalSimilarity.of(b, a));
    }

    @Property(tries = 300)
    void of_staysWithinZeroAndOne(@ForAll("questions") String a, @ForAll("questions") String b) {
        assertThat(LexicalSimilarity.of(a, b)).isBetween(0.0, 1.0);
    }

    @Property(tries = 200)
    void of_sameText_isOne(@ForAll("questions") String a) {
        assertThat(LexicalSimilarity.of(a, a)).isEqualTo(1.0);
    }

    @Property(tries = 200)
    void of_textsWithNoCommonWord_isZero(@ForAll("questions") String a) {
        String other = a.isBlank() ? "zebra" : "zebra quokka";
        if (!Tokenizer.words(a).isEmpty()) {
            assertThat(LexicalSimilarity.of(a, other)).isZero();
        }
    }

    @Example
    void of_rephrasedQuestion_reachesTheReaskThreshold() {
        assertThat(LexicalSimilarity.of("how do I reset my password", "How can I reset my password?"))
                .isGreaterThanOrEqualTo(0.5);
    }

    @Example
    void of_questionsSharingOnlyStopWords_stayBelowTheReaskThreshold() {
        assertThat(LexicalSimilarity.of("how do I reset my password", "how do I cancel my subscription"))
                .isLessThan(0.5);
    }

    @Example
    void of_contractions_shareNoStrayFragments() {
        // "what's" and "it's" are the words "whats" and "its", not "what" + "s" and "it" + "s"
        assertThat(LexicalSimilarity.of("what's the fee", "it's late")).isZero();
    }

    @Example
    void of_wordOrderMatters_throughBigrams() {
        assertThat(LexicalSimilarity.of("dog bites man", "man bites dog")).isLessThan(1.0).isGreaterThan(0.0);
    }
}
