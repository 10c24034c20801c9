package dev.feedloop.client;

import java.util.Locale;

/** What the user did with a response, as observed by the application. */
public enum ImplicitSignal {
  /** The user kept the output as it was. */
  ACCEPTED,
  /** The user changed the output; pair with {@link Feedback#editedOutput()}. */
  EDITED,
  /** The user asked for another output to the same input. */
  REGENERATED,
  /** The user left without using the output. */
  ABANDONED,
  /** The user asked a near-duplicate question soon after. */
  REASKED;

  /** The value used on the wire, for example {@code "regenerated"}. */
  public String jsonValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire value.
   *
   * @throws IllegalArgumentException if {@code value} is not one of the wire values
   */
  public static ImplicitSignal fromJson(String value) {
    for (ImplicitSignal s : values()) {
      if (s.jsonValue().equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "implicit_signal must be one of accepted, edited, regenerated, abandoned, reasked: " + value);
  }
}
