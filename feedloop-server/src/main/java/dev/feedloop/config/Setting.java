package dev.feedloop.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key: its environment variable, default, documentation and parser (which
 * validates). Every key is declared once, in {@link Settings}, and the README table is checked
 * against that list by a test.
 */
public record Setting<T>(String env, String defaultValue, String doc, Function<String, T> parser) {
    public Setting {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(parser, "parser");
    }

    /** Parses a raw value, failing with a message that names the variable. */
    public T parse(String raw) {
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            throw new ConfigException(env + "=" + raw + " is invalid: " + e.getMessage());
        }
    }
}
