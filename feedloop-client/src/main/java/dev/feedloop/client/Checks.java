package dev.feedloop.client;

/** Argument checks shared by the value types; messages never quote user text. */
final class Checks {

  /** The server's limit on ids (docs/records.md: request_id is 1-200 chars). */
  static final int MAX_ID_LENGTH = 200;

  private Checks() {}

  /** An identifier: present, 1-200 characters, not blank. Ids are quoted since they are not user text. */
  static String id(String name, String value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    if (value.isBlank() || value.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          name + " must be 1-" + MAX_ID_LENGTH + " characters and not blank, got "
              + value.length() + " characters: '" + abbreviate(value) + "'");
    }
    return value;
  }

  /** An optional short label (project, model, session id): null or not blank. */
  static String optionalLabel(String name, String value) {
    if (value != null && (value.isBlank() || value.length() > MAX_ID_LENGTH)) {
      throw new IllegalArgumentException(
          name + " must be null or 1-" + MAX_ID_LENGTH + " characters and not blank, got "
              + value.length() + " characters: '" + abbreviate(value) + "'");
    }
    return value;
  }

  /** Required free text (user input, LLM output): present; its content is never echoed. */
  static String text(String name, String value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is required (may be empty, not null)");
    }
    return value;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
