package dev.feedloop.capture.otlp;

/** A body that is not an OTLP trace export at all; the message says what is wrong, for a 400. */
public final class MalformedOtlpException extends RuntimeException {
    public MalformedOtlpException(String message) {
        super(message, null, false, false);
    }
}
