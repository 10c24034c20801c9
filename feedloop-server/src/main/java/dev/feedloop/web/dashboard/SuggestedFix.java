package dev.feedloop.web.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedloop.store.Cause;
import dev.feedloop.store.JsonText;
import dev.feedloop.store.PatternRecord;
import java.lang.reflect.Method;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pattern page's "Suggested fix": the analyst's {@code suggested_fix} when the pattern carries
 * one (in its JSON, or its evidence), else the standard advice for its cause that tickets carry
 * ({@code routing.TicketBody.suggestion}). That method is package-private in routing, which this
 * change must not touch, so it is called reflectively here; once routing makes it public this
 * becomes a plain call.
 */
final class SuggestedFix {
    private static final Logger LOG = LoggerFactory.getLogger(SuggestedFix.class);
    private static final Method TEMPLATE = template();

    private SuggestedFix() {
    }

    /** The analyst's suggestion, if the pattern has one. */
    static String fromAnalyst(PatternRecord p, JsonNode patternJson) {
        JsonNode fromJson = patternJson == null ? null : patternJson.get("suggested_fix");
        if (fromJson != null && fromJson.isTextual() && !fromJson.asText().isBlank()) {
            return fromJson.asText();
        }
        Map<String, Object> evidence = p.evidenceJson() == null ? Map.of() : JsonText.read(p.evidenceJson());
        return evidence.get("suggested_fix") instanceof String s && !s.isBlank() ? s : null;
    }

    /** The advice tickets give for a cause. */
    static String forCause(Cause cause, String patternId) {
        if (TEMPLATE != null) {
            try {
                return (String) TEMPLATE.invoke(null, cause, patternId);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("TicketBody.suggestion failed", e);
            }
        }
        return switch (cause) {
            case PROMPT -> "Change the prompt for the failing requests, ship it as a new prompt version, record the fix.";
            case RETRIEVAL -> "Check the documents these requests need: present, current, ranked high enough; then record the fix.";
            case MODEL_LIMITATION -> "Escalate: decide on a stronger model, a tool or check, or a human hand-off.";
            case UNKNOWN -> "Read the examples and set the cause below.";
        };
    }

    private static Method template() {
        try {
            Method m = Class.forName("dev.feedloop.routing.TicketBody").getDeclaredMethod("suggestion", Cause.class,
                    String.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("the ticket's suggestion text is not reachable ({}); the dashboard uses its own short advice",
                    e.toString());
            return null;
        }
    }
}
