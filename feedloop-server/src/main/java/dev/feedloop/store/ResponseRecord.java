package dev.feedloop.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One LLM output shown to a user, with the context it was produced in. Built by {@link RecordParser},
 * which has checked every field; {@code userId} is already pseudonymised.
 */
public record ResponseRecord(
        String project,
        String requestId,
        Instant timestamp,
        String promptVersion,
        String model,
        String userInput,
        String llmOutput,
        List<RetrievedDoc> retrievedContext,
        String sessionId,
        String userId,
        Map<String, String> tags) {

    public ResponseRecord {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(promptVersion, "promptVersion");
        Objects.requireNonNull(userInput, "userInput");
        Objects.requireNonNull(llmOutput, "llmOutput");
        retrievedContext = retrievedContext == null ? List.of() : List.copyOf(retrievedContext);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
