package dev.feedloop.triage.embed;

/** An embedding model or endpoint failed; the message says what to check. */
public class EmbeddingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EmbeddingException(String message) {
        super(message);
    }

    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
