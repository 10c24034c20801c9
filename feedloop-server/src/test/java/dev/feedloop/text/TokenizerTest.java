package dev.feedloop.text;

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

    @Test
    void words_contractionIsOneWord_withEitherApostrophe() {
        assertThat(Tokenizer.words("Don't, it doesn’t")).containsExactly("dont", "it", "doesnt");
    }

    @Test
    void words_apostropheNotBetweenAWordAndALetter_separates() {
        // quotes around a word, a trailing possessive, and an apostrophe before a digit
        assertThat(Tokenizer.words("'quoted' the users' 'n' rock'n'roll 80's"))
                .containsExactly("quoted", "the", "users", "n", "rocknroll", "80s");
        assertThat(Tokenizer.words("it's '90")).containsExactly("its", "90");
    }

    @Test
    void words_keepEverythingTheTermsFilter() {
        assertThat(Tokenizer.words("Where IS my Refund?! x 404")).containsExactly("where", "is", "my", "refund", "x",
                "404");
    }

    @Test
    void words_lettersOutsideTheBasicPlane_areWordCharacters_emojiAreNot() {
        // U+20BB7 is a CJK letter encoded as a surrogate pair; U+1F600 is an emoji
        assertThat(Tokenizer.words("\uD842\uDFB7\u91CE ok\uD83D\uDE00yes")).containsExactly("\uD842\uDFB7\u91CE", "ok", "yes");
    }

    @Test
    void words_nullOrBlank_isEmpty() {
        assertThat(Tokenizer.words(null)).isEmpty();
        assertThat(Tokenizer.words(" -- ")).isEmpty();
    }
}
