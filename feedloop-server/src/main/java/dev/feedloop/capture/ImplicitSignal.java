package dev.feedloop.capture;

import java.util.Arrays;
import java.util.Optional;

/** What the user did with a response, without being asked. */
public enum ImplicitSignal {
    ACCEPTED, EDITED, REGENERATED, ABANDONED, REASKED;

    /** The wire value, as in INTERFACES.md. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<ImplicitSignal> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
    }
}
