package dev.feedloop.client;

/**
 * One document the application retrieved and gave the model as context.
 *
 * @param docId the document's id in the application's index; required
 * @param text the passage given to the model, or null
 * @param score the retriever's score, or null; finite when present
 */
public record RetrievedDoc(String docId, String text, Double score) {

  /**
   * @throws IllegalArgumentException if {@code docId} is missing, blank or longer than 200
   *     characters, or {@code score} is NaN or infinite
   */
  public RetrievedDoc {
    Checks.id("docId", docId);
    if (score != null && !Double.isFinite(score)) {
      throw new IllegalArgumentException("score must be finite: " + score);
    }
  }

  /** A document known by id only. */
  public static RetrievedDoc of(String docId) {
    return new RetrievedDoc(docId, null, null);
  }

  /** A document with the retriever's score and no text. */
  public static RetrievedDoc of(String docId, double score) {
    return new RetrievedDoc(docId, null, score);
  }

  /** Keeps document text out of logs and stack traces. */
  @Override
  public String toString() {
    return "RetrievedDoc[docId=" + docId + ", text=" + (text == null ? "null" : text.length() + " chars")
        + ", score=" + score + "]";
  }
}
