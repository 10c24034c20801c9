package dev.feedloop.text;

import java.util.Arrays;
import java.util.Locale;

/**
 * The words and adjacent-word bigrams of a short text ({@link Tokenizer#words}), for near-duplicate
 * detection by Jaccard similarity: "how do I reset my password" and "how can I reset my password?"
 * score high, while two questions that share only stop words do not, and word order counts through
 * the bigrams.
 *
 * <p>A text is split once ({@link Tokenizer#scan}, no string made of an ASCII word) and kept as a
 * sorted set of 64-bit hashes of its features, so comparing it with many others (every question of
 * a session, on every write) is a merge of two arrays. Two different features share a hash with a
 * probability of about 2<sup>-64</sup> per pair.
 *
 * <pre>{@code
 * Shingles.of("how do I reset my password").jaccard(Shingles.of("How can I reset my password?"))  // 8/14 = 0.57
 * }</pre>
 */
public final class Shingles {
    private static final long[] NONE = new long[0];

    private final long[] hashes;

    private Shingles(long[] hashes) {
        this.hashes = hashes;
    }

    /** The shingles of {@code text}; none for null or a text with no word. */
    public static Shingles of(String text) {
        WordHashes words = new WordHashes();
        Tokenizer.scan(text, words);
        int n = words.count;
        if (n == 0) {
            return new Shingles(NONE);
        }
        long[] out = Arrays.copyOf(words.hashes, n * 2 - 1);
        for (int i = 1; i < n; i++) {
            out[n + i - 1] = mix(out[i - 1] * 0x9E3779B97F4A7C15L + out[i] + 1);
        }
        Arrays.sort(out);
        int distinct = 0;
        for (int i = 0; i < out.length; i++) {
            if (i == 0 || out[i] != out[distinct - 1]) {
                out[distinct++] = out[i];
            }
        }
        return new Shingles(distinct == out.length ? out : Arrays.copyOf(out, distinct));
    }

    /** The hash of each word, in order: the word as {@link Tokenizer#words} gives it, lower-cased. */
    private static final class WordHashes implements Tokenizer.WordSink {
        long[] hashes = new long[16];
        int count;

        @Override
        public void word(StringBuilder word) {
            if (count == hashes.length) {
                hashes = Arrays.copyOf(hashes, count * 2);
            }
            // toLowerCase(Locale.ROOT) of an ASCII word maps A-Z alone, which hash does on the fly
            hashes[count++] = ascii(word) ? hash(word, true) : hash(word.toString().toLowerCase(Locale.ROOT), false);
        }

        private static boolean ascii(StringBuilder word) {
            for (int i = 0; i < word.length(); i++) {
                if (word.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Jaccard similarity of the two sets, 0 to 1; 1 when both texts have no word. */
    public double jaccard(Shingles other) {
        long[] x = hashes;
        long[] y = other.hashes;
        if (x.length == 0 && y.length == 0) {
            return 1.0;
        }
        int common = 0;
        int i = 0;
        int j = 0;
        while (i < x.length && j < y.length) {
            if (x[i] == y[j]) {
                common++;
                i++;
                j++;
            } else if (x[i] < y[j]) {
                i++;
            } else {
                j++;
            }
        }
        return (double) common / (x.length + y.length - common);
    }

    /** Jaccard similarity of two texts' shingles. */
    public static double similarity(String a, String b) {
        return of(a).jaccard(of(b));
    }

    /**
     * FNV-1a over the UTF-16 units, A-Z read as a-z when {@code lowerAscii}, then a finalizer that
     * spreads every bit.
     */
    private static long hash(CharSequence word, boolean lowerAscii) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            h ^= lowerAscii && c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** The 64-bit finalizer of MurmurHash3. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
