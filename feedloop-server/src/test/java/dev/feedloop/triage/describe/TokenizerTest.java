package dev.feedloop.triage.describe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenizerTest {

    @Test
    void terms_lowercasesAndDropsStopWordsAndPunctuation() {
        assertThat(Tokenizer.englishUnigrams().terms("Where IS my Refund?! The REFUND..."))
                .containsExactly("refund", "refund");
    }

    @Test
    void terms_apostropheInsideWord_isDropped() {
        assertThat(Tokenizer.englishUnigrams().terms("It doesn't load, the app’s login fails"))
                .containsExactly("load", "apps", "login", "fails");
    }

    @Test
    void terms_numbersAndSingleLetters_areDropped_butMixedTokensKept() {
        assertThat(Tokenizer.englishUnigrams().terms("x 2024 v2 gpt4 404 error"))
                .containsExactly("v2", "gpt4", "error");
    }

    @Test
    void terms_bigramsOnlyJoinWordsThatWereAdjacent() {
        assertThat(Tokenizer.english().terms("refund status of the refund"))
                .containsExactly("refund", "status", "refund", "refund status");
    }

    @Test
    void terms_nonLatinLetters_areWords() {
        assertThat(Tokenizer.englishUnigrams().terms("Überweisung fehlgeschlagen 送金")).containsExactly(
                "überweisung", "fehlgeschlagen", "送金");
    }

    @Test
    void terms_nullOrBlank_isEmpty() {
        assertThat(Tokenizer.english().terms(null)).isEmpty();
        assertThat(Tokenizer.english().terms("  ... ")).isEmpty();
    }

    @Test
    void terms_placeholdersOfTheRedactor_becomeWords() {
        assertThat(Tokenizer.englishUnigrams().terms("my [CARD] was charged twice"))
                .containsExactly("card", "charged", "twice");
    }
}
