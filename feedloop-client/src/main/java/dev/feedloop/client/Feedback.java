package dev.feedloop.client;

import java.time.Instant;
import java.util.UUID;

/**
 * One signal from a user about one {@link Response}, linked to it by {@code requestId}.
 *
 * <pre>{@code
 * client.send(Feedback.of("req-42", ImplicitSignal.REGENERATED));
 * client.send(Feedback.rating("req-42", 2));
 * client.send(Feedback.builder("req-42")
 *     .implicitSignal(ImplicitSignal.EDITED)
 *     .editedOutput(whatTheUserWrote)
 *     .build());
 * }</pre>
 *
 * <p>Every feedback carries an {@code eventId}: when none is given, a random UUID is assigned
 * here, at creation, so a batch the client re-sends after a timeout is stored once by the server.
 * Pass your own id if the same feedback may be created twice (for example from a replayed log).
 *
 * @param eventId idempotency key, 1-200 characters; a random UUID when null is passed
 * @param requestId the response this is about; required
 * @param timestamp when it happened, or null for "when it was sent to the client"
 * @param implicitSignal what the user did, or null
 * @param explicitRating 1 (bad) to 5 (good), or null
 * @param thumbs thumbs up or down, or null
 * @param editedOutput what the user changed the output to, or null
 * @param comment the user's comment, or null
 */
public record Feedback(
    String eventId,
    String requestId,
    Instant timestamp,
    ImplicitSignal implicitSignal,
    Integer explicitRating,
    Thumbs thumbs,
    String editedOutput,
    String comment) {

  /** The rating scale of docs/records.md: 1 bad ... 5 good. */
  public static final int MIN_RATING = 1;
  public static final int MAX_RATING = 5;

  /**
   * @throws IllegalArgumentException if {@code requestId} is missing, {@code eventId} is blank
   *     or too long, {@code explicitRating} is outside 1-5, or none of implicitSignal,
   *     explicitRating, thumbs and comment is present
   */
  public Feedback {
    // A random (not seeded) UUID on purpose: ids must not collide across processes and restarts.
    eventId = eventId == null ? UUID.randomUUID().toString() : Checks.id("eventId", eventId);
    Checks.id("requestId", requestId);
    checkRating(explicitRating);
    if (implicitSignal == null && explicitRating == null && thumbs == null && comment == null) {
      throw new IllegalArgumentException(
          "feedback for request '" + requestId
              + "' needs at least one of implicitSignal, explicitRating, thumbs or comment");
    }
  }

  /** Feedback carrying an implicit signal only. */
  public static Feedback of(String requestId, ImplicitSignal signal) {
    return builder(requestId).implicitSignal(signal).build();
  }

  /**
   * Feedback carrying a 1-5 rating only.
   *
   * @throws IllegalArgumentException if out of range
   */
  public static Feedback rating(String requestId, int rating) {
    return builder(requestId).explicitRating(rating).build();
  }

  /** Feedback carrying thumbs up or down only. */
  public static Feedback thumbs(String requestId, Thumbs thumbs) {
    return builder(requestId).thumbs(thumbs).build();
  }

  /**
   * Starts feedback about {@code requestId}.
   *
   * @throws IllegalArgumentException if it is invalid
   */
  public static Builder builder(String requestId) {
    return new Builder(requestId);
  }

  /** This feedback, same event id, with {@code timestamp} set. */
  public Feedback withTimestamp(Instant timestamp) {
    return new Feedback(eventId, requestId, timestamp, implicitSignal, explicitRating, thumbs,
        editedOutput, comment);
  }

  /** Keeps user text out of logs and stack traces: text fields show their length only. */
  @Override
  public String toString() {
    return "Feedback[eventId=" + eventId + ", requestId=" + requestId + ", timestamp=" + timestamp
        + ", implicitSignal=" + implicitSignal + ", explicitRating=" + explicitRating
        + ", thumbs=" + thumbs + ", editedOutput=" + length(editedOutput)
        + ", comment=" + length(comment) + "]";
  }

  private static String length(String s) {
    return s == null ? "null" : s.length() + " chars";
  }

  private static void checkRating(Integer rating) {
    if (rating != null && (rating < MIN_RATING || rating > MAX_RATING)) {
      throw new IllegalArgumentException(
          "explicitRating must be between " + MIN_RATING + " and " + MAX_RATING + ": " + rating);
    }
  }

  /** Collects a {@link Feedback}'s fields; each setter checks its argument. */
  public static final class Builder {
    private final String requestId;
    private String eventId;
    private Instant timestamp;
    private ImplicitSignal implicitSignal;
    private Integer explicitRating;
    private Thumbs thumbs;
    private String editedOutput;
    private String comment;

    private Builder(String requestId) {
      this.requestId = Checks.id("requestId", requestId);
    }

    /**
     * Your own idempotency key.
     *
     * @throws IllegalArgumentException if blank or over 200 chars
     */
    public Builder eventId(String eventId) {
      this.eventId = Checks.id("eventId", eventId);
      return this;
    }

    /** When it happened; null lets the client stamp it at send time. */
    public Builder timestamp(Instant timestamp) {
      this.timestamp = timestamp;
      return this;
    }

    public Builder implicitSignal(ImplicitSignal implicitSignal) {
      this.implicitSignal = implicitSignal;
      return this;
    }

    /**
     * @throws IllegalArgumentException if {@code rating} is outside 1-5
     */
    public Builder explicitRating(int rating) {
      checkRating(rating);
      this.explicitRating = rating;
      return this;
    }

    public Builder thumbs(Thumbs thumbs) {
      this.thumbs = thumbs;
      return this;
    }

    public Builder editedOutput(String editedOutput) {
      this.editedOutput = editedOutput;
      return this;
    }

    public Builder comment(String comment) {
      this.comment = comment;
      return this;
    }

    /**
     * @throws IllegalArgumentException if no signal, rating, thumbs or comment was set
     */
    public Feedback build() {
      return new Feedback(eventId, requestId, timestamp, implicitSignal, explicitRating, thumbs,
          editedOutput, comment);
    }
  }
}
