package dev.feedloop.store;

/**
 * A pattern id that names no pattern of the project. An {@link IllegalArgumentException}, so the
 * command line prints its sentence; the HTTP API answers 404 for it.
 */
public final class UnknownPatternException extends IllegalArgumentException {
    private final String patternId;

    public UnknownPatternException(String project, String patternId) {
        super("no pattern '" + patternId + "' in project '" + project + "'; list them with 'feedloop patterns'");
        this.patternId = patternId;
    }

    public String patternId() {
        return patternId;
    }
}
