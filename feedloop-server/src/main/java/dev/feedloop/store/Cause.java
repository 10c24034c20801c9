package dev.feedloop.store;

import java.util.Locale;

/** Where a failure pattern most likely comes from, and so who fixes it (PRODUCT.md part 6). */
public enum Cause {
    PROMPT, RETRIEVAL, MODEL_LIMITATION, UNKNOWN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wire();
    }

    /** @throws IllegalArgumentException for a name that is not a cause, naming the four */
    public static Cause fromWire(String value) {
        for (Cause c : values()) {
            if (c.wire().equals(value)) {
                return c;
            }
        }
        throw new IllegalArgumentException("cause must be prompt, retrieval, model_limitation or unknown; got '"
                + value + "'");
    }
}
