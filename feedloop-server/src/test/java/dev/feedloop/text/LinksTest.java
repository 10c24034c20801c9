package dev.feedloop.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinksTest {
    @Test
    void in_normalisesSchemeHostCaseWwwAndTrailingPunctuation() {
        assertThat(Links.in("See https://WWW.Example.com/help/Bags/. Or http://example.com/help/Bags, again."))
                .containsExactly("example.com/help/Bags");
    }

    @Test
    void in_keepsQueryAndStopsAtBracketsAndQuotes() {
        assertThat(Links.in("(https://a.example/p?id=3) and \"https://b.example\""))
                .containsExactly("a.example/p?id=3", "b.example");
    }

    @Test
    void in_textWithoutLinks_isEmpty() {
        assertThat(Links.in("no links here, just www and :// alone")).isEmpty();
        assertThat(Links.in(null)).isEmpty();
    }
}
