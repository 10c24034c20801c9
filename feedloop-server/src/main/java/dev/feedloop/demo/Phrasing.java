package dev.feedloop.demo;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Turns a clean question into what people type into a chat box: greetings, filler, casing,
 * missing or doubled punctuation, sign-offs and the odd typo. The rates are our own guesses
 * for a consumer help-desk chat, chosen so that most inputs stay close to the clean text.
 */
final class Phrasing {
    private static final String[] GREETINGS = {"hi", "hello", "hey", "hi there", "good morning", "hiya", "hello wayfarer"};
    private static final String[] FILLERS = {"quick question:", "sorry to bother you,", "ok so", "question -",
        "I was wondering,", "so", "um,"};
    private static final String[] SIGN_OFFS = {"thanks", "thank you", "thx", "please", "pls", "cheers", "thanks in advance",
        "asap please"};
    private static final String[] REASK_LEADS = {"I mean", "let me rephrase:", "that's not what I asked.", "again:",
        "no, I meant", "sorry, to be clear:", ""};
    /** Per-word typo probability for words of four letters or more. */
    private static final double TYPO_RATE = 0.025;

    private Phrasing() {
    }

    static String humanize(String clean, SplittableRandom rng) {
        String body = typos(clean, rng);
        StringBuilder out = new StringBuilder(body.length() + 40);
        if (Text.chance(0.15, rng)) {
            out.append(Text.pick(GREETINGS, rng)).append(rng.nextBoolean() ? ", " : "! ");
        }
        if (Text.chance(0.08, rng)) {
            out.append(Text.pick(FILLERS, rng)).append(' ');
        }
        out.append(body);
        double end = rng.nextDouble();
        out.append(end < 0.55 ? "?" : end < 0.59 ? "??" : "");
        if (Text.chance(0.12, rng)) {
            out.append(out.charAt(out.length() - 1) == '?' ? " " : ", ").append(Text.pick(SIGN_OFFS, rng));
        }
        return casing(Text.tidy(out), rng);
    }

    /** A re-ask: the same question in other words, often with a lead-in that shows the user's impatience. */
    static String reask(String clean, SplittableRandom rng) {
        String lead = Text.chance(0.45, rng) ? Text.pick(REASK_LEADS, rng) : "";
        return humanize(lead.isEmpty() ? clean : lead + " " + clean, rng);
    }

    private static String casing(String s, SplittableRandom rng) {
        double c = rng.nextDouble();
        if (c < 0.02) {
            return s.toUpperCase(Locale.ROOT);
        }
        if (c < 0.33) {
            return s.toLowerCase(Locale.ROOT);
        }
        return Text.capitalize(s);
    }

    private static String typos(String s, SplittableRandom rng) {
        String[] words = s.split(" ", -1);
        StringBuilder out = new StringBuilder(s.length() + 2);
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                out.append(' ');
            }
            String w = words[i];
            out.append(w.length() >= 4 && isPlainWord(w) && Text.chance(TYPO_RATE, rng) ? typo(w, rng) : w);
        }
        return out.toString();
    }

    private static boolean isPlainWord(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (!Character.isLetter(w.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String typo(String w, SplittableRandom rng) {
        int i = 1 + rng.nextInt(w.length() - 2);
        StringBuilder b = new StringBuilder(w);
        switch (rng.nextInt(3)) {
            case 0 -> {
                char c = b.charAt(i);
                b.setCharAt(i, b.charAt(i + 1));
                b.setCharAt(i + 1, c);
            }
            case 1 -> b.deleteCharAt(i);
            default -> b.insert(i, b.charAt(i));
        }
        return b.toString();
    }
}
