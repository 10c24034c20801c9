package dev.feedloop.bench.ingest;

/**
 * The made-up output and its edit used by the Lua load scripts (kept in sync by hand with
 * {@code bench/ingest/common.lua}); about 40 words, a typical short assistant answer.
 */
final class Texts {
    static final String OUTPUT = "To reset your card PIN, open the app, go to Cards, choose the card and tap"
            + " Change PIN. You will get a code by email; enter it, then choose a new four digit PIN."
            + " The new PIN works at once in shops and at cash machines.";
    static final String EDITED = "To reset your card PIN, open the app, go to Cards, choose the card and tap"
            + " Change PIN. You will get a code by text message; enter it, then pick a new four digit PIN."
            + " The new PIN works at once in shops and at cash machines.";

    private Texts() {
    }
}
