package dev.feedloop.capture;

/** A client sent a value Feedloop will not store; the message says what to send instead. */
public final class InvalidFieldException extends RuntimeException {
    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    /** The JSON field at fault, as the client named it (dotted for nested fields), or null for the whole item. */
    public String field() {
        return field;
    }
}
