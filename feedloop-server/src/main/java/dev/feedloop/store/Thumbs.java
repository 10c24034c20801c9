package dev.feedloop.store;

import java.util.Optional;

/** A binary explicit rating. */
public enum Thumbs {
    UP, DOWN;

    public String wire() {
        return this == UP ? "up" : "down";
    }

    public static Optional<Thumbs> fromWire(String value) {
        if ("up".equals(value)) {
            return Optional.of(UP);
        }
        if ("down".equals(value)) {
            return Optional.of(DOWN);
        }
        return Optional.empty();
    }
}
