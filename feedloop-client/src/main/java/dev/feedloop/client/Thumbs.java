package dev.feedloop.client;

import java.util.Locale;

/** A thumbs-up or thumbs-down from the user. */
public enum Thumbs {
  UP,
  DOWN;

  /** The value used on the wire: {@code "up"} or {@code "down"}. */
  public String jsonValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire value.
   *
   * @throws IllegalArgumentException if {@code value} is neither {@code up} nor {@code down}
   */
  public static Thumbs fromJson(String value) {
    for (Thumbs t : values()) {
      if (t.jsonValue().equals(value)) {
        return t;
      }
    }
    throw new IllegalArgumentException("thumbs must be up or down: " + value);
  }
}
