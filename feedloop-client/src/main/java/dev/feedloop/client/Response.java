package dev.feedloop.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One LLM output shown to a user, with the context needed to analyse it later.
 *
 * <p>Build one with {@link #builder(String, String, String, String)}:
 *
 * <pre>{@code
 * Response r = Response.builder("req-42", "support-v7", question, answer)
 *     .model("claude-sonnet-4")
 *     .sessionId(sessionId)
 *     .addRetrievedDoc(new RetrievedDoc("kb-118", passage, 0.83))
 *     .tag("locale", "de-DE")
 *     .build();
 * }</pre>
 *
 * <p>A null {@code timestamp} is filled in by {@link FeedloopClient#send(Response)} with the
 * client's clock, so a response delivered late still carries the time it was captured. Null
 * optional fields are left out of the JSON; null collections become empty.
 *
 * @param requestId the response's id, unique per project, 1-200 characters
 * @param timestamp when the response was shown, or null for "when it was sent to the client"
 * @param project the project, or null for the server's default
 * @param promptVersion the version of the prompt that produced it; required
 * @param model the model, or null
 * @param userInput what the user asked; required, may be empty
 * @param llmOutput what the model answered; required, may be empty
 * @param retrievedContext documents given to the model as context, possibly empty
 * @param sessionId the user's session, or null
 * @param userId the user, or null; the server stores it pseudonymised
 * @param tags free-form labels, possibly empty
 */
public record Response(
    String requestId,
    Instant timestamp,
    String project,
    String promptVersion,
    String model,
    String userInput,
    String llmOutput,
    List<RetrievedDoc> retrievedContext,
    String sessionId,
    String userId,
    Map<String, String> tags) {

  /**
   * @throws IllegalArgumentException if a required field is missing, an id or label is blank or
   *     longer than 200 characters, or a list element, tag key or tag value is null
   */
  public Response {
    Checks.id("requestId", requestId);
    Checks.optionalLabel("project", project);
    Checks.id("promptVersion", promptVersion);
    Checks.optionalLabel("model", model);
    Checks.text("userInput", userInput);
    Checks.text("llmOutput", llmOutput);
    Checks.optionalLabel("sessionId", sessionId);
    Checks.optionalLabel("userId", userId);
    retrievedContext = copyDocs(retrievedContext);
    tags = copyTags(tags);
  }

  /** A response with only the required fields. */
  public static Response of(String requestId, String promptVersion, String userInput, String llmOutput) {
    return builder(requestId, promptVersion, userInput, llmOutput).build();
  }

  /**
   * Starts a response from its required fields; they are checked here, the rest at each setter.
   *
   * @throws IllegalArgumentException as the record's constructor
   */
  public static Builder builder(String requestId, String promptVersion, String userInput, String llmOutput) {
    return new Builder(requestId, promptVersion, userInput, llmOutput);
  }

  /** This response with {@code timestamp} set. */
  public Response withTimestamp(Instant timestamp) {
    return new Response(requestId, timestamp, project, promptVersion, model, userInput, llmOutput,
        retrievedContext, sessionId, userId, tags);
  }

  /** Keeps user text out of logs and stack traces: text fields show their length only. */
  @Override
  public String toString() {
    return "Response[requestId=" + requestId + ", timestamp=" + timestamp + ", project=" + project
        + ", promptVersion=" + promptVersion + ", model=" + model
        + ", userInput=" + userInput.length() + " chars, llmOutput=" + llmOutput.length() + " chars"
        + ", retrievedContext=" + retrievedContext.size() + " docs, sessionId=" + sessionId
        + ", userId=" + (userId == null ? "null" : "<set>") + ", tags=" + tags.keySet() + "]";
  }

  private static List<RetrievedDoc> copyDocs(List<RetrievedDoc> docs) {
    if (docs == null) {
      return List.of();
    }
    for (int i = 0; i < docs.size(); i++) {
      if (docs.get(i) == null) {
        throw new IllegalArgumentException("retrievedContext[" + i + "] is null");
      }
    }
    return List.copyOf(docs);
  }

  private static Map<String, String> copyTags(Map<String, String> tags) {
    if (tags == null) {
      return Map.of();
    }
    // A LinkedHashMap keeps the caller's order on the wire, which makes payloads easy to read.
    Map<String, String> copy = new LinkedHashMap<>();
    tags.forEach((k, v) -> {
      if (k == null || k.isBlank() || v == null) {
        throw new IllegalArgumentException("tags need non-blank keys and non-null values, got key '" + k + "'");
      }
      copy.put(k, v);
    });
    return java.util.Collections.unmodifiableMap(copy);
  }

  /** Collects the optional fields of a {@link Response}; each setter checks its argument. */
  public static final class Builder {
    private final String requestId;
    private final String promptVersion;
    private final String userInput;
    private final String llmOutput;
    private Instant timestamp;
    private String project;
    private String model;
    private final List<RetrievedDoc> retrievedContext = new ArrayList<>();
    private String sessionId;
    private String userId;
    private final Map<String, String> tags = new LinkedHashMap<>();

    private Builder(String requestId, String promptVersion, String userInput, String llmOutput) {
      this.requestId = Checks.id("requestId", requestId);
      this.promptVersion = Checks.id("promptVersion", promptVersion);
      this.userInput = Checks.text("userInput", userInput);
      this.llmOutput = Checks.text("llmOutput", llmOutput);
    }

    /** When the response was shown; null lets the client stamp it at send time. */
    public Builder timestamp(Instant timestamp) {
      this.timestamp = timestamp;
      return this;
    }

    /**
     * @throws IllegalArgumentException if blank or longer than 200 characters
     */
    public Builder project(String project) {
      this.project = Checks.optionalLabel("project", project);
      return this;
    }

    /**
     * @throws IllegalArgumentException if blank or longer than 200 characters
     */
    public Builder model(String model) {
      this.model = Checks.optionalLabel("model", model);
      return this;
    }

    /**
     * @throws NullPointerException if {@code doc} is null
     */
    public Builder addRetrievedDoc(RetrievedDoc doc) {
      retrievedContext.add(Objects.requireNonNull(doc, "doc"));
      return this;
    }

    /**
     * Replaces the retrieved context.
     *
     * @throws IllegalArgumentException if an element is null
     */
    public Builder retrievedContext(List<RetrievedDoc> docs) {
      List<RetrievedDoc> copy = copyDocs(docs);
      retrievedContext.clear();
      retrievedContext.addAll(copy);
      return this;
    }

    /**
     * @throws IllegalArgumentException if blank or longer than 200 characters
     */
    public Builder sessionId(String sessionId) {
      this.sessionId = Checks.optionalLabel("sessionId", sessionId);
      return this;
    }

    /**
     * The user's id; the server pseudonymises it.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder userId(String userId) {
      this.userId = Checks.optionalLabel("userId", userId);
      return this;
    }

    /**
     * @throws IllegalArgumentException if {@code key} is blank or {@code value} null
     */
    public Builder tag(String key, String value) {
      if (key == null || key.isBlank() || value == null) {
        throw new IllegalArgumentException("tag needs a non-blank key and a non-null value, got key '" + key + "'");
      }
      tags.put(key, value);
      return this;
    }

    /**
     * Replaces the tags.
     *
     * @throws IllegalArgumentException if a key is blank or a value null
     */
    public Builder tags(Map<String, String> tags) {
      Map<String, String> copy = copyTags(tags);
      this.tags.clear();
      this.tags.putAll(copy);
      return this;
    }

    public Response build() {
      return new Response(requestId, timestamp, project, promptVersion, model, userInput, llmOutput,
          retrievedContext, sessionId, userId, tags);
    }
  }
}
