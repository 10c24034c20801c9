package dev.feedloop.demo;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One simulated LLM response, with the fields of a {@code response} record in docs/records.md.
 *
 * @param tags insertion-ordered so that the JSON output is byte-for-byte reproducible
 */
public record SimResponse(
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

    public SimResponse {
        requireText(requestId, "requestId");
        Objects.requireNonNull(timestamp, "timestamp");
        requireText(project, "project");
        requireText(promptVersion, "promptVersion");
        requireText(model, "model");
        requireText(userInput, "userInput");
        requireText(llmOutput, "llmOutput");
        requireText(sessionId, "sessionId");
        requireText(userId, "userId");
        if (requestId.length() > 200) {
            throw new IllegalArgumentException("requestId longer than 200 chars: " + requestId);
        }
        retrievedContext = List.copyOf(retrievedContext);
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank: '" + value + "'");
        }
    }
}
