package dev.feedloop.demo;

import java.util.List;
import java.util.SplittableRandom;

/** Small string helpers shared by the generators. */
final class Text {
    private Text() {
    }

    /** Collapses runs of spaces, drops spaces before punctuation and trims; keeps newlines. */
    static String tidy(CharSequence raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == ' ') {
                boolean atStart = out.length() == 0 || out.charAt(out.length() - 1) == ' ' || out.charAt(out.length() - 1) == '\n';
                char next = i + 1 < raw.length() ? raw.charAt(i + 1) : '\n';
                if (atStart || next == ' ' || next == '\n' || ",.?!;:)".indexOf(next) >= 0) {
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString().strip();
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static <T> T pick(List<T> items, SplittableRandom rng) {
        return items.get(rng.nextInt(items.size()));
    }

    static String pick(String[] items, SplittableRandom rng) {
        return items[rng.nextInt(items.length)];
    }

    static boolean chance(double p, SplittableRandom rng) {
        return rng.nextDouble() < p;
    }

    /** Rounds a score to three decimals so that the JSON output stays short and stable. */
    static double score(double lo, double hi, SplittableRandom rng) {
        return Math.round((lo + (hi - lo) * rng.nextDouble()) * 1000.0) / 1000.0;
    }

    /** Euro amount without trailing zeros: 35 -> "€35", 12.5 -> "€12.50". */
    static String euros(double amount) {
        long cents = Math.round(amount * 100);
        return cents % 100 == 0 ? "€" + cents / 100 : String.format(java.util.Locale.ROOT, "€%d.%02d", cents / 100, cents % 100);
    }
}
