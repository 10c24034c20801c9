package dev.feedloop.capture;

import java.util.Optional;

/** The three shapes clients may send (docs/records.md). */
public enum RecordKind {
    RESPONSE("response"), FEEDBACK("feedback"), EVENT("event");

    private final String wire;

    RecordKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<RecordKind> fromWire(String value) {
        for (RecordKind kind : values()) {
            if (kind.wire.equals(value)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
