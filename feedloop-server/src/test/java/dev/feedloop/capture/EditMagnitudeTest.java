package dev.feedloop.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.feedloop.text.Tokenizer;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class EditMagnitudeTest {

    /** Texts over a small vocabulary, so random pairs share words and the distance is non-trivial. */
    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.of("the", "cat", "sat", "on", "mat", "Paris", "is", "a", "city", "42")
                .list().ofMaxSize(12)
                .map(words -> String.join(" ", words));
    }

    @Provide
    Arbitrary<int[]> tokenIds() {
        return Arbitraries.integers().between(0, 3).array(int[].class).ofMaxSize(10);
    }

    @Property(tries = 300)
    void of_identicalTexts_isZero(@ForAll("texts") String text) {
        assertThat(EditMagnitude.of(text, text)).isZero();
    }

    @Property(tries = 300)
    void of_isSymmetric(@ForAll("texts") String a, @ForAll("texts") String b) {
        assertThat(EditMagnitude.of(a, b)).isEqualTo(EditMagnitude.of(b, a));
    }

    @Property(tries = 300)
    void of_staysWithinZeroAndOne(@ForAll("texts") String a, @ForAll("texts") String b) {
        assertThat(EditMagnitude.of(a, b)).isBetween(0.0, 1.0);
    }

    /** Shared prefixes and suffixes are stripped before the DP: the distance must not change. */
    @Property(tries = 500)
    void distance_withSharedEnds_matchesReference(@ForAll("tokenIds") int[] head, @ForAll("tokenIds") int[] a,
            @ForAll("tokenIds") int[] b, @ForAll("tokenIds") int[] tail) {
        int[] x = IntStream.concat(IntStream.concat(IntStream.of(head), IntStream.of(a)), IntStream.of(tail)).toArray();
        int[] y = IntStream.concat(IntStream.concat(IntStream.of(head), IntStream.of(b)), IntStream.of(tail)).toArray();
        List<String> xs = IntStream.of(x).mapToObj(Integer::toString).collect(Collectors.toList());
        List<String> ys = IntStream.of(y).mapToObj(Integer::toString).collect(Collectors.toList());
        assertThat(EditMagnitude.distance(x, y)).isEqualTo(referenceDistance(xs, ys));
    }

    @Property(tries = 300)
    void of_matchesReferenceLevenshteinOverTokens(@ForAll("texts") String a, @ForAll("texts") String b) {
        List<String> x = Tokenizer.words(a);
        List<String> y = Tokenizer.words(b);
        int longer = Math.max(x.size(), y.size());
        double expected = longer == 0 ? 0.0 : (double) referenceDistance(x, y) / longer;
        assertThat(EditMagnitude.of(a, b)).isCloseTo(expected, within(1e-12));
    }

    @Property(tries = 300)
    void distance_obeysTriangleInequality(@ForAll("tokenIds") int[] a, @ForAll("tokenIds") int[] b,
            @ForAll("tokenIds") int[] c) {
        assertThat(EditMagnitude.distance(a, c))
                .isLessThanOrEqualTo(EditMagnitude.distance(a, b) + EditMagnitude.distance(b, c));
    }

    @Property(tries = 200)
    void distance_isZeroOnlyForEqualSequences(@ForAll("tokenIds") int[] a, @ForAll("tokenIds") int[] b) {
        assertThat(EditMagnitude.distance(a, b) == 0).isEqualTo(java.util.Arrays.equals(a, b));
    }

    @Property(tries = 200)
    void of_disjointTextsOfEqualLength_isOne(@ForAll @IntRange(min = 1, max = 30) int length) {
        String a = IntStream.range(0, length).mapToObj(i -> "alpha" + (i % 4)).collect(Collectors.joining(" "));
        String b = IntStream.range(0, length).mapToObj(i -> "beta" + (i % 3)).collect(Collectors.joining(" "));
        assertThat(EditMagnitude.of(a, b)).isEqualTo(1.0);
    }

    @Example
    void of_swappedWords_costTwoSubstitutions() {
        // "x y" -> "y x" needs two edits; interning each text with its own dictionary once made this 0
        assertThat(EditMagnitude.of("x y", "y x")).isEqualTo(1.0);
    }

    @Example
    void of_typoFixInFortyWords_isSmall() {
        String original = IntStream.range(0, 40).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
        String edited = original.replace("word7 ", "wurd7 ");
        assertThat(EditMagnitude.of(original, edited)).isEqualTo(1.0 / 40);
    }

    @Example
    void of_ignoresCaseAndPunctuation() {
        assertThat(EditMagnitude.of("Hello, world!", "hello world")).isZero();
    }

    @Example
    void of_contraction_isOneWord() {
        // "can't" is one word (the shared tokenizer's apostrophe rule): one substitution in three words
        assertThat(EditMagnitude.of("I can help", "I can't help")).isEqualTo(1.0 / 3);
        assertThat(EditMagnitude.of("I can’t help", "I can't help")).isZero();
    }

    @Example
    void of_twoEmptyTexts_isZero_andEmptyAgainstText_isOne() {
        assertThat(EditMagnitude.of("", "  ")).isZero();
        assertThat(EditMagnitude.of("", "something new")).isEqualTo(1.0);
    }

    @Example
    void of_veryLongTexts_finishQuickly() {
        String a = IntStream.range(0, 10_000).mapToObj(i -> "w" + (i % 97)).collect(Collectors.joining(" "));
        String b = IntStream.range(0, 10_000).mapToObj(i -> "w" + (i % 89)).collect(Collectors.joining(" "));
        long start = System.nanoTime();
        double m = EditMagnitude.of(a, b);
        assertThat(m).isBetween(0.0, 1.0);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);
    }

    /** Textbook full-matrix Levenshtein over strings, independent of the production code's interning. */
    private static int referenceDistance(List<String> a, List<String> b) {
        int[][] d = new int[a.size() + 1][b.size() + 1];
        for (int i = 0; i <= a.size(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.size(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.size(); i++) {
            for (int j = 1; j <= b.size(); j++) {
                int cost = a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
            }
        }
        return d[a.size()][b.size()];
    }
}
