package dev.feedloop.web;

/**
 * A request Feedloop refuses as a whole: the HTTP status plus the JSON body
 * {@code {"error": code, "field": field, "message": message}}.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public ApiError(int status, String code, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
