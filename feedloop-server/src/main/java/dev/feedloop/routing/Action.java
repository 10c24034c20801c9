package dev.feedloop.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * What one outbox entry asks the tracker to do, as stored in its payload (already redacted).
 *
 * @param kind create, comment, reopen, close or relabel
 * @param text the body of a create, the comment of the others
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Action(String kind, String title, String text, List<String> labels, String marker) {
    public static final String CREATE = "create";
    public static final String COMMENT = "comment";
    public static final String REOPEN = "reopen";
    public static final String CLOSE = "close";
    public static final String RELABEL = "relabel";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public String json() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Action parse(String json) {
        try {
            return MAPPER.readValue(json, Action.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt outbox payload: " + e.getOriginalMessage(), e);
        }
    }
}
