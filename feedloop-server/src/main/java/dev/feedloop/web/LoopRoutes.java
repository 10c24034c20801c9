package dev.feedloop.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedloop.capture.Timestamps;
import dev.feedloop.store.FixRecord;
import dev.feedloop.store.PatternEvent;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.Store;
import dev.feedloop.store.JsonText;
import dev.feedloop.triage.Triage;
import dev.feedloop.triage.TriageJson;
import dev.feedloop.verify.Verifier;
import dev.feedloop.verify.VerifyJson;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/**
 * Routes of the loop's later stages, all for admin keys: run triage, read patterns, record fixes,
 * verify them. Each delegates to the stage; no logic lives here.
 */
public final class LoopRoutes {
    private final Store store;
    private final Supplier<Triage> triage;
    private final Verifier verifier;

    public LoopRoutes(Store store, Supplier<Triage> triage, Verifier verifier) {
        this.store = store;
        this.triage = triage;
        this.verifier = verifier;
    }

    public void register(ApiServer.Routes routes) {
        routes.post("/v1/triage", "/v1/triage", true, ctx -> runTriage(routes, ctx));
        routes.get("/v1/patterns", "/v1/patterns", true, ctx -> listPatterns(routes, ctx));
        routes.get("/v1/patterns/{id}", "/v1/patterns/{id}", true, ctx -> showPattern(routes, ctx));
        routes.post("/v1/patterns/{id}/fixes", "/v1/patterns/{id}/fixes", true, ctx -> addFix(routes, ctx));
        routes.post("/v1/verify", "/v1/verify", true, ctx -> verify(routes, ctx));
    }

    private void runTriage(ApiServer.Routes routes, Context ctx) {
        JsonNode body = routes.body(ctx);
        Instant from = time(body, "from", true);
        Instant to = time(body, "to", true);
        if (!from.isBefore(to)) {
            throw new ApiError(400, "invalid_field", "to", "to must be after from");
        }
        var report = triage.get().run(routes.project(ctx), from, to, Triage.Listener.NONE);
        ctx.contentType("application/json").result(TriageJson.write(report));
    }

    private void listPatterns(ApiServer.Routes routes, Context ctx) {
        ObjectMapper json = routes.json();
        ArrayNode list = json.createArrayNode();
        for (PatternRecord p : store.patterns(routes.project(ctx))) {
            list.add(summary(json, p));
        }
        ctx.contentType("application/json").result(list.toString());
    }

    private void showPattern(ApiServer.Routes routes, Context ctx) {
        String project = routes.project(ctx);
        String id = ctx.pathParam("id");
        PatternRecord p = store.pattern(project, id).orElseThrow(() -> new ApiError(404, "not_found", "id",
                "no pattern '" + id + "' in project '" + project + "'"));
        ObjectMapper json = routes.json();
        ObjectNode node = summary(json, p);
        node.set("evidence", json.valueToTree(JsonText.read(p.evidenceJson())));
        ArrayNode fixes = node.putArray("fixes");
        for (FixRecord f : store.fixes(project, id)) {
            ObjectNode fix = fixes.addObject();
            fix.put("fix_id", f.fixId());
            fix.put("deployed_at", f.deployedAt().toString());
            fix.put("prompt_version", f.promptVersion());
            fix.put("note", f.note());
            fix.put("verdict", f.lastVerdict());
        }
        ArrayNode history = node.putArray("history");
        for (PatternEvent e : store.patternEvents(project, id)) {
            history.addObject().put("at", e.at().toString()).put("kind", e.kind()).put("detail", e.detail());
        }
        ctx.contentType("application/json").result(node.toString());
    }

    private void addFix(ApiServer.Routes routes, Context ctx) {
        JsonNode body = routes.body(ctx);
        String promptVersion = text(body, "prompt_version", 200);
        String note = text(body, "note", 2_000);
        try {
            FixRecord fix = verifier.addFix(routes.project(ctx), ctx.pathParam("id"), time(body, "deployed_at", true),
                    promptVersion, note);
            ctx.status(201).contentType("application/json")
                    .result(routes.json().createObjectNode().put("fix_id", fix.fixId()).toString());
        } catch (IllegalArgumentException e) {
            boolean unknown = e.getMessage().startsWith("no pattern");
            throw new ApiError(unknown ? 404 : 400, unknown ? "not_found" : "invalid_field",
                    unknown ? "id" : "deployed_at", e.getMessage());
        }
    }

    private void verify(ApiServer.Routes routes, Context ctx) {
        // an empty POST (no content type) means: every fix, as of now
        JsonNode body = ctx.contentType() == null && ctx.contentLength() <= 0 ? routes.json().createObjectNode()
                : routes.body(ctx);
        Instant asOf = time(body, "as_of", false);
        String pattern = text(body, "pattern_id", 200);
        try {
            var results = verifier.verify(routes.project(ctx), pattern, asOf == null ? Instant.now() : asOf);
            ctx.contentType("application/json").result(VerifyJson.write(results));
        } catch (IllegalArgumentException e) {
            throw new ApiError(404, "not_found", "pattern_id", e.getMessage());
        }
    }

    private static ObjectNode summary(ObjectMapper json, PatternRecord p) {
        ObjectNode node = json.createObjectNode();
        node.put("id", p.patternId());
        node.put("name", p.name());
        node.put("description", p.description());
        ArrayNode keywords = node.putArray("keywords");
        p.keywords().forEach(keywords::add);
        node.put("cause", p.effectiveCause());
        node.put("cause_confidence", p.causeConfidence());
        node.put("status", p.status());
        node.put("merged_into", p.mergedInto());
        node.put("count", p.memberCount());
        node.put("first_seen", p.firstSeen() == null ? null : p.firstSeen().toString());
        node.put("last_seen", p.lastSeen() == null ? null : p.lastSeen().toString());
        return node;
    }

    private static Instant time(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new ApiError(400, "invalid_field", field, field + " is required: " + Timestamps.FORMS);
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new ApiError(400, "invalid_field", field, field + " must be a string: " + Timestamps.FORMS);
        }
        try {
            return Timestamps.parseDateOrTime(value.textValue());
        } catch (DateTimeParseException e) {
            throw new ApiError(400, "invalid_field", field, Timestamps.invalid(field, value.textValue()));
        }
    }

    private static String text(JsonNode body, String field, int max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.textValue().isBlank() || value.textValue().length() > max) {
            throw new ApiError(400, "invalid_field", field, field + " must be a string of 1-" + max + " characters");
        }
        return value.textValue();
    }
}
