package dev.feedloop.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.feedloop.capture.Timestamps;
import dev.feedloop.store.FixRecord;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.UnknownPatternException;
import dev.feedloop.store.Store;
import dev.feedloop.routing.Routing;
import dev.feedloop.triage.PatternJson;
import dev.feedloop.triage.Triage;
import dev.feedloop.triage.TriageJson;
import dev.feedloop.verify.Verifier;
import dev.feedloop.verify.VerifyJson;
import io.javalin.http.Context;
import java.time.Clock;
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
    private final Routing routing;
    private final Clock clock;

    /**
     * @param routing routes patterns to tickets after triage and verification (delivery happens in
     *     the background, never in the answer's time); null: no routing
     */
    public LoopRoutes(Store store, Supplier<Triage> triage, Verifier verifier, Routing routing, Clock clock) {
        this.store = store;
        this.triage = triage;
        this.verifier = verifier;
        this.routing = routing;
        this.clock = clock;
    }

    public void register(ApiServer.Routes routes) {
        routes.post("/v1/triage", "/v1/triage", true, ctx -> runTriage(routes, ctx));
        routes.get("/v1/patterns", "/v1/patterns", true, ctx -> listPatterns(routes, ctx));
        routes.get("/v1/patterns/{id}", "/v1/patterns/{id}", true, ctx -> showPattern(routes, ctx));
        routes.get("/v1/patterns/{id}/regression-set", "/v1/patterns/{id}/regression-set", true,
                ctx -> regressionSet(routes, ctx));
        routes.post("/v1/patterns/{id}/fixes", "/v1/patterns/{id}/fixes", true, ctx -> addFix(routes, ctx));
        routes.post("/v1/verify", "/v1/verify", true, ctx -> verify(routes, ctx));
        routes.get("/v1/routing", "/v1/routing", true, ctx -> routingStatus(routes, ctx));
    }

    private void runTriage(ApiServer.Routes routes, Context ctx) {
        JsonNode body = routes.body(ctx);
        Instant from = time(body, "from", true);
        Instant to = time(body, "to", true);
        if (!from.isBefore(to)) {
            throw new ApiError(400, "invalid_field", "to", "to must be after from");
        }
        String project = routes.project(ctx);
        var report = triage.get().run(project, from, to, Triage.Listener.NONE);
        if (routing != null) {
            routing.routeSoon(project, report);
        }
        ctx.contentType("application/json").result(TriageJson.withTickets(TriageJson.tree(report), store, project)
                .toString());
    }

    /** {@code GET /v1/routing}: tickets, the outbox not sent yet, the escalation and needs-review lists. */
    private void routingStatus(ApiServer.Routes routes, Context ctx) {
        if (routing == null) {
            throw new ApiError(404, "not_found", null, "routing is not configured on this server");
        }
        ctx.contentType("application/json").result(routing.status(routes.project(ctx)).toString());
    }

    private void listPatterns(ApiServer.Routes routes, Context ctx) {
        ObjectMapper json = routes.json();
        ArrayNode list = json.createArrayNode();
        for (PatternRecord p : store.patterns(routes.project(ctx))) {
            list.add(PatternJson.putTicket(PatternJson.summary(p), ticket(p)));
        }
        ctx.contentType("application/json").result(list.toString());
    }

    private void showPattern(ApiServer.Routes routes, Context ctx) {
        String project = routes.project(ctx);
        String id = ctx.pathParam("id");
        PatternRecord p = store.pattern(project, id).orElseThrow(() -> notFound("id",
                new UnknownPatternException(project, id)));
        ctx.contentType("application/json").result(PatternJson.putTicket(PatternJson.full(store, p),
                ticket(p)).toString());
    }

    /** {@code GET /v1/patterns/{id}/regression-set?format=jsonl|csv|promptfoo}: the pattern's failing cases, redacted. */
    private void regressionSet(ApiServer.Routes routes, Context ctx) {
        String project = routes.project(ctx);
        String id = ctx.pathParam("id");
        store.pattern(project, id).orElseThrow(() -> notFound("id", new UnknownPatternException(project, id)));
        dev.feedloop.routing.RegressionSet.Format format;
        try {
            format = dev.feedloop.routing.RegressionSet.Format.of(
                    ctx.queryParam("format") == null ? "jsonl" : ctx.queryParam("format"));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "invalid_field", "format", "format must be jsonl, csv or promptfoo");
        }
        dev.feedloop.routing.RegressionSet set = new dev.feedloop.routing.RegressionSet(store, store,
                dev.feedloop.triage.redact.Redactor.standard());
        String type = switch (format) {
            case JSONL -> "application/x-ndjson";
            case CSV -> "text/csv; charset=utf-8";
            case PROMPTFOO -> "application/json";
        };
        ctx.contentType(type).result(set.write(set.cases(project, id), format));
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
        } catch (UnknownPatternException e) {
            throw notFound("id", e);
        } catch (IllegalStateException e) {
            throw new ApiError(409, "pattern_closed", "id", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "invalid_field", "deployed_at", e.getMessage());
        }
    }

    private void verify(ApiServer.Routes routes, Context ctx) {
        // an empty POST (no content type) means: every fix, as of now
        JsonNode body = ctx.contentType() == null && ctx.contentLength() <= 0 ? routes.json().createObjectNode()
                : routes.body(ctx);
        Instant asOf = time(body, "as_of", false);
        String pattern = text(body, "pattern_id", 200);
        try {
            String project = routes.project(ctx);
            var results = verifier.verify(project, pattern, asOf == null ? clock.instant() : asOf);
            if (routing != null) {
                routing.routeSoon(project, null);
            }
            ctx.contentType("application/json").result(VerifyJson.write(results));
        } catch (UnknownPatternException e) {
            throw notFound("pattern_id", e);
        }
    }

    private static ApiError notFound(String field, UnknownPatternException e) {
        return new ApiError(404, "not_found", field, e.getMessage());
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

    private java.util.Optional<dev.feedloop.store.TicketRecord> ticket(PatternRecord p) {
        return store.ticket(p.project(), p.patternId());
    }
}
