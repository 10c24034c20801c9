package dev.feedloop.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one word tokenizer of Feedloop: capture's derived signals (edit magnitude, re-ask similarity)
 * and triage's keywords and names split text the same way. It lives in its own package because
 * data flows capture -> store -> triage, so capture must not import triage.
 *
 * <p>{@link #words}: lower-case runs of letters and digits (Unicode code points, so any script), with
 * an apostrophe (' or ’) between a word and a letter dropped: "don't" is the one word "dont", "app’s"
 * is "apps". A contraction is one word, not "don" + "t": an edit from "can" to "can't" changes one
 * word, and the stray "t" and "s" of two unrelated questions do not make them look alike. Any other
 * character separates words.
 *
 * <p>{@link #terms}, for keyword extraction: the words without stop words, one-character words and
 * pure numbers, optionally followed by bigrams of two terms that were adjacent in the text (a removed
 * word breaks adjacency, so "status of the refund" yields no bigram while "refund status" does).
 *
 * <pre>{@code
 * Tokenizer.words("Don't charge me twice!")                // [dont, charge, me, twice]
 * Tokenizer.english().terms("Where's my refund status?")  // [refund, status, refund status]
 * }</pre>
 */
public final class Tokenizer {
    private final boolean bigrams;

    private Tokenizer(boolean bigrams) {
        this.bigrams = bigrams;
    }

    /** Unigrams and adjacent-word bigrams. */
    public static Tokenizer english() {
        return new Tokenizer(true);
    }

    /** Unigrams only. */
    public static Tokenizer englishUnigrams() {
        return new Tokenizer(false);
    }

    /** Whether this tokenizer emits bigrams. */
    public boolean bigrams() {
        return bigrams;
    }

    /** The unigrams of {@code text} in order, then its bigrams in order; empty for null. */
    public List<String> terms(String text) {
        List<String> words = keptWords(text);
        List<String> terms = new ArrayList<>(words.size() * 2);
        for (String w : words) {
            if (w != null) {
                terms.add(w);
            }
        }
        if (bigrams) {
            for (int i = 1; i < words.size(); i++) {
                if (words.get(i - 1) != null && words.get(i) != null) {
                    terms.add(words.get(i - 1) + " " + words.get(i));
                }
            }
        }
        return terms;
    }

    /** Kept words in order, with {@code null} where a removed word broke adjacency. */
    private static List<String> keptWords(String text) {
        List<String> out = new ArrayList<>();
        for (String raw : words(text)) {
            out.add(keep(raw) ? raw : null);
        }
        return out;
    }

    /** All words of {@code text} in order, nothing filtered (see the class comment); empty for null. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        scan(text, word -> out.add(word.toString().toLowerCase(Locale.ROOT)));
        return out;
    }

    /** Receives each word of a text as {@link #scan} finds it. */
    interface WordSink {
        /**
         * One word, as written (not yet lower-cased): the letters and digits of {@link #words}' word.
         * The builder is reused for the next word.
         */
        void word(StringBuilder word);
    }

    /**
     * Finds the words of {@code text} (nothing for null) without making a string of each: for
     * {@link Shingles}, which hashes them. Lower-casing is left to the sink; {@link #words} is
     * {@code word.toString().toLowerCase(Locale.ROOT)} of each.
     */
    static void scan(String text, WordSink sink) {
        if (text == null) {
            return;
        }
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                current.appendCodePoint(cp);
            } else if (!(isApostrophe(cp) && current.length() > 0 && next < text.length()
                    && Character.isLetter(text.codePointAt(next)))) {
                flush(current, sink);
            }
            i = next;
        }
        flush(current, sink);
    }

    private static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '\u2019';
    }

    private static void flush(StringBuilder current, WordSink sink) {
        if (current.length() > 0) {
            sink.word(current);
            current.setLength(0);
        }
    }

    private static boolean keep(String token) {
        return token.length() > 1 && !isNumber(token) && !StopWords.contains(token);
    }

    private static boolean isNumber(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (!Character.isDigit(token.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
