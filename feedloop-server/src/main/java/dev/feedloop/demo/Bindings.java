package dev.feedloop.demo;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Slot values fixed for one question, so that its answer and its re-asks talk about the same thing. */
final class Bindings {
    private final Vocabulary vocabulary;
    private final Map<String, String> values;

    Bindings(Vocabulary vocabulary) {
        this(vocabulary, new HashMap<>());
    }

    private Bindings(Vocabulary vocabulary, Map<String, String> values) {
        this.vocabulary = vocabulary;
        this.values = values;
    }

    /** The bound value, drawing one from the vocabulary on first use. */
    String value(String name, SplittableRandom rng) {
        String value = values.get(name);
        if (value == null) {
            value = vocabulary.draw(name, rng);
            values.put(name, value);
        }
        return value;
    }

    /** The bound value or {@code null}; never draws. */
    String bound(String name) {
        return values.get(name);
    }

    void put(String name, String value) {
        values.put(name, value);
    }

    Bindings copy() {
        return new Bindings(vocabulary, new HashMap<>(values));
    }
}
