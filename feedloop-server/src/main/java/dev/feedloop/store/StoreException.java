package dev.feedloop.store;

/** The database failed; the message says which operation and why. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
