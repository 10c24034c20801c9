package dev.feedloop.triage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedloop.store.Cause;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.PatternView;
import dev.feedloop.store.TicketStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The triage JSON of docs/json.md (plus lift, examples and evidence, which it allows as extensions). */
public final class TriageJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private TriageJson() {
    }

    public static ObjectNode tree(TriageReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("run_id", report.runId());
        root.put("from", report.from().toString());
        root.put("to", report.to().toString());
        root.put("negatives", report.negatives());
        ArrayNode patterns = root.putArray("patterns");
        for (TriageReport.PatternSummary p : report.patterns()) {
            ObjectNode node = patterns.addObject();
            node.put("id", p.id());
            node.put("name", p.name());
            node.put("view", p.view().wire());
            node.put("description", p.description());
            ArrayNode keywords = node.putArray("keywords");
            p.keywords().forEach(keywords::add);
            node.put("cause", p.cause().wire());
            node.put("cause_confidence", p.causeConfidence());
            node.put("count", p.count());
            node.put("new", p.isNew());
            node.put("status", p.status().wire());
            ArrayNode ids = node.putArray("request_ids");
            p.requestIds().forEach(ids::add);
            if (Double.isFinite(p.lift())) {
                node.put("lift", p.lift());
            }
            ArrayNode examples = node.putArray("examples");
            p.examples().forEach(examples::add);
            node.put("suggested_fix", p.suggestedFix());
            node.set("evidence", MAPPER.valueToTree(p.evidence()));
        }
        ArrayNode unassigned = root.putArray("unassigned_request_ids");
        report.unassignedRequestIds().forEach(unassigned::add);
        root.set("stats", MAPPER.valueToTree(report.stats()));
        root.set("llm", report.llm() == null ? MAPPER.nullNode() : MAPPER.valueToTree(report.llm()));
        return root;
    }

    public static String write(TriageReport report) {
        return tree(report).toString();
    }

    /** Reads a stored run's JSON (as {@link #write} made it) back into its report. */
    public static TriageReport read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored triage run is not JSON: " + e.getOriginalMessage(), e);
        }
        List<TriageReport.PatternSummary> patterns = new ArrayList<>();
        for (JsonNode p : root.path("patterns")) {
            patterns.add(new TriageReport.PatternSummary(p.path("id").asText(), p.path("name").asText(),
                    p.path("description").asText(null), strings(p.path("keywords")),
                    Cause.fromWire(p.path("cause").asText()), p.path("cause_confidence").asDouble(),
                    p.path("count").asInt(), p.path("new").asBoolean(), PatternStatus.fromWire(p.path("status").asText()),
                    p.has("lift") ? p.path("lift").asDouble() : Double.NaN, strings(p.path("examples")),
                    p.has("evidence") ? MAPPER.convertValue(p.path("evidence"), MAP) : Map.of(), strings(p.path("request_ids")),
                    p.path("suggested_fix").asText(null), PatternView.fromWire(p.path("view").asText("question"))));
        }
        Map<String, Object> stats = root.has("stats") ? MAPPER.convertValue(root.path("stats"), MAP) : Map.of();
        return new TriageReport(root.path("run_id").asText(), Instant.parse(root.path("from").asText()),
                Instant.parse(root.path("to").asText()), root.path("negatives").asInt(), patterns,
                strings(root.path("unassigned_request_ids")), stats == null ? Map.of() : stats,
                root.path("llm").isObject() ? MAPPER.convertValue(root.path("llm"), MAP) : null);
    }

    /**
     * Adds each pattern's ticket ({@code ticket}: tracker, key, url, state; null when it has none)
     * to a run's JSON tree, as the store now knows it.
     */
    public static ObjectNode withTickets(ObjectNode tree, TicketStore tickets, String project) {
        for (JsonNode p : tree.withArray("patterns")) {
            PatternJson.putTicket((ObjectNode) p, tickets.ticket(project, p.path("id").asText()));
        }
        return tree;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
