package dev.feedloop.triage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The triage JSON of docs/json.md (plus lift, examples and evidence, which it allows as extensions). */
public final class TriageJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

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
            node.set("evidence", MAPPER.valueToTree(p.evidence()));
        }
        ArrayNode unassigned = root.putArray("unassigned_request_ids");
        report.unassignedRequestIds().forEach(unassigned::add);
        root.set("stats", MAPPER.valueToTree(report.stats()));
        return root;
    }

    public static String write(TriageReport report) {
        return tree(report).toString();
    }
}
