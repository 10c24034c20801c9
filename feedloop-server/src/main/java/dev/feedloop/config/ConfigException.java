package dev.feedloop.config;

/** A setting has a value Feedloop cannot use; the message names it and says what is allowed. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
