package dev.feedloop.store;

import java.util.Optional;

/** What the user did with a response, without being asked. */
public enum ImplicitSignal {
    ACCEPTED, EDITED, REGENERATED, ABANDONED, REASKED;

    private final String wire = name().toLowerCase(java.util.Locale.ROOT);

    /** The wire value, as in docs/records.md. */
    public String wire() {
        return wire;
    }

    public static Optional<ImplicitSignal> fromWire(String value) {
        for (ImplicitSignal signal : values()) {
            if (signal.wire.equals(value)) {
                return Optional.of(signal);
            }
        }
        return Optional.empty();
    }
}
