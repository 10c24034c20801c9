package dev.feedloop.triage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedloop.store.FixRecord;
import dev.feedloop.store.JsonText;
import dev.feedloop.store.PatternEvent;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.FixStore;

/**
 * A pattern as JSON (docs/json.md), the same for both doors: {@code GET /v1/patterns[/{id}]} and
 * {@code feedloop patterns show --json}.
 */
public final class PatternJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PatternJson() {
    }

    /** The fields of the pattern list. */
    public static ObjectNode summary(PatternRecord p) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", p.patternId());
        node.put("name", p.name());
        node.put("view", p.view().wire());
        node.put("description", p.description());
        node.put("description_reviewed", p.descriptionLocked());
        ArrayNode keywords = node.putArray("keywords");
        p.keywords().forEach(keywords::add);
        node.put("cause", p.effectiveCause().wire());
        node.put("cause_confidence", p.causeConfidence());
        node.put("status", p.status().wire());
        node.put("merged_into", p.mergedInto());
        node.put("count", p.memberCount());
        node.put("first_seen", p.firstSeen() == null ? null : p.firstSeen().toString());
        node.put("last_seen", p.lastSeen() == null ? null : p.lastSeen().toString());
        return node;
    }

    /** Adds the pattern's ticket ({@code ticket}: tracker, key, url, state; null when it has none). */
    public static ObjectNode putTicket(ObjectNode node, java.util.Optional<dev.feedloop.store.TicketRecord> ticket) {
        if (ticket.isEmpty()) {
            node.putNull("ticket");
        } else {
            dev.feedloop.store.TicketRecord t = ticket.get();
            node.putObject("ticket").put("tracker", t.tracker()).put("key", t.key()).put("url", t.url())
                    .put("state", t.state());
        }
        return node;
    }

    /** The summary with the evidence, the fixes and the history. */
    public static ObjectNode full(FixStore store, PatternRecord p) {
        ObjectNode node = summary(p);
        node.set("evidence", MAPPER.valueToTree(JsonText.read(p.evidenceJson())));
        dev.feedloop.store.PatternAnalysis analysis = store.analyses(p.project()).get(p.patternId());
        node.put("suggested_fix", analysis != null && p.causeOverride() == null ? analysis.suggestedFix()
                : FixSuggestions.offline(p.effectiveCause(), p.patternId()));
        ArrayNode fixes = node.putArray("fixes");
        for (FixRecord f : store.fixes(p.project(), p.patternId())) {
            ObjectNode fix = fixes.addObject();
            fix.put("fix_id", f.fixId());
            fix.put("deployed_at", f.deployedAt().toString());
            fix.put("prompt_version", f.promptVersion());
            fix.put("note", f.note());
            fix.put("verdict", f.lastVerdict());
        }
        ArrayNode history = node.putArray("history");
        for (PatternEvent e : store.patternEvents(p.project(), p.patternId())) {
            history.addObject().put("at", e.at().toString()).put("kind", e.kind()).put("detail", e.detail())
                    .put("by", e.actor());
        }
        return node;
    }
}
