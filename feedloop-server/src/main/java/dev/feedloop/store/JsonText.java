package dev.feedloop.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * JSON text for the store's free-form columns (evidence, keywords, retrieved context, tags): one
 * mapper, one wording for corrupt data, whichever store keeps the text.
 */
public final class JsonText {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonText() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** An object column, as maps, lists, strings, numbers and booleans. */
    public static Map<String, Object> read(String json) {
        return read(json, new TypeReference<Map<String, Object>>() { });
    }

    /** @throws IllegalStateException when the stored text is not JSON of that shape */
    public static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is corrupt: " + e.getOriginalMessage(), e);
        }
    }
}
