package dev.feedloop.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedloop.capture.IngestReport;
import dev.feedloop.capture.JsonProblem;
import dev.feedloop.capture.Ingestor;
import dev.feedloop.capture.RecordKind;
import dev.feedloop.capture.otlp.TraceIngestor;
import dev.feedloop.store.Store;
import dev.feedloop.store.StoreException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feedloop's HTTP API: ingest, read back, health, metrics and the OpenAPI document. Every
 * {@code /v1} route needs a bearer key; errors are JSON {@code {"error","field","message"}} and no
 * client input can produce a 500.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String PRINCIPAL = "feedloop.principal";
    /** The header that may carry the key instead of {@code Authorization: Bearer}. */
    static final String KEY_HEADER = "x-feedloop-key";
    /** See {@link #start}: the copy buffer per response. Public so the bench's bare server matches it. */
    public static final int RESPONSE_BUFFER_BYTES = 512;

    /** Trailing content is an error: a body of several objects (NDJSON) would otherwise store only the first. */
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final Ingestor ingestor;
    private final Store store;
    private final ApiKeys keys;
    private final Metrics metrics;
    private final long maxBodyBytes;
    private final List<Consumer<Routes>> extensions = new ArrayList<>();
    private final byte[] openApi;
    private Javalin app;

    public ApiServer(Ingestor ingestor, Store store, ApiKeys keys, Metrics metrics, long maxBodyBytes) {
        this.ingestor = ingestor;
        this.store = store;
        this.keys = keys;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.openApi = resource("/openapi.json");
    }

    /** Adds routes of later stages (triage, verify, dashboard) before the server starts. */
    public ApiServer extend(Consumer<Routes> routes) {
        extensions.add(routes);
        return this;
    }

    /** The route registry handed to extensions, with the server's JSON and auth helpers. */
    public final class Routes {
        private final JavalinConfig config;

        private Routes(JavalinConfig config) {
            this.config = config;
        }

        public void get(String path, String route, boolean admin, Handler handler) {
            config.routes.get(path, timed(route, ctx -> {
                authorize(ctx, admin);
                handler.handle(ctx);
            }));
        }

        public void post(String path, String route, boolean admin, Handler handler) {
            config.routes.post(path, timed(route, ctx -> {
                authorize(ctx, admin);
                handler.handle(ctx);
            }));
        }

        public void publicGet(String path, String route, Handler handler) {
            config.routes.get(path, timed(route, handler));
        }

        /** A POST the handler authenticates itself (the dashboard's forms: session cookie and CSRF token). */
        public void publicPost(String path, String route, Handler handler) {
            config.routes.post(path, timed(route, handler));
        }

        /** Resolves an API key the way bearer authentication does (the dashboard's sign-in). */
        public ApiKeys keys() {
            return keys;
        }

        public ObjectMapper json() {
            return json;
        }

        public JsonNode body(Context ctx) {
            return readJson(ctx);
        }

        public String project(Context ctx) {
            return principal(ctx).project();
        }
    }

    /**
     * Jetty's pool, smaller than Javalin's default of 250: ingest answers from the commit's
     * acknowledger thread and holds no server thread while it waits, so a few threads per core
     * serve any number of connections, and fewer idle threads mean less parking and waking per
     * request (single-event load, 2 cores: 82-84 -> 71-72 us of server CPU per request).
     * Public so the bench's bare server runs on the same pool.
     */
    public static org.eclipse.jetty.util.thread.QueuedThreadPool threadPool() {
        int max = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());
        org.eclipse.jetty.util.thread.QueuedThreadPool pool = new org.eclipse.jetty.util.thread.QueuedThreadPool(max, 2);
        pool.setName("feedloop-http");
        return pool;
    }

    /** Starts listening; {@code port} 0 picks a free port. */
    public ApiServer start(String host, int port) {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = maxBodyBytes;
            // a known path with the wrong method is 405 with the house's JSON, not "no route"
            config.http.prefer405over404 = true;
            // Javalin copies each result through a buffer of this size, allocated per response; its
            // default (Jetty's 32 KiB output buffer) was 60 % of all allocation under single-event load,
            // and 4 KiB still a fifth, while ingest answers are under 100 bytes. Larger results are
            // copied in more steps into Jetty's own output buffer, which this does not change.
            config.http.responseBufferSize = RESPONSE_BUFFER_BYTES;
            config.jetty.threadPool = threadPool();
            config.jetty.host = host;
            config.jetty.port = port;
            // requests Jetty refuses itself (431, 414, a broken request line) never reach the routes
            config.jetty.modifyServer(server -> server.setErrorHandler(new ProtocolErrorHandler()));
            Routes routes = new Routes(config);
            routes.publicGet("/health", "/health", this::health);
            routes.publicGet("/metrics", "/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            routes.publicGet("/openapi.json", "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            for (RecordKind kind : RecordKind.values()) {
                String route = kind == RecordKind.RESPONSE ? "/v1/responses"
                        : kind == RecordKind.FEEDBACK ? "/v1/feedback" : "/v1/events";
                // not wrapped in timed(): the answer is written when the commit completes, and timed there
                config.routes.post(route, ctx -> {
                    long start = System.nanoTime();
                    try {
                        authorize(ctx, false);
                        ingest(ctx, kind, route, start);
                    } catch (ApiError e) {
                        metrics.observe(route, e.status(), (System.nanoTime() - start) / 1e9);
                        throw e;
                    }
                });
            }
            TracesRoute traces = new TracesRoute(new TraceIngestor(ingestor), metrics, maxBodyBytes,
                    new TracesRoute.Door() {
                        @Override
                        public String project(Context ctx) {
                            authorize(ctx, false);
                            return principal(ctx).project();
                        }

                        @Override
                        public byte[] body(Context ctx) {
                            return readBytes(ctx);
                        }
                    });
            config.routes.post(TracesRoute.PATH, traces::handle);
            routes.get("/v1/responses/{request_id}", "/v1/responses/{request_id}", true, this::readResponse);
            extensions.forEach(e -> e.accept(routes));
            config.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.field(), e.getMessage()));
            config.routes.exception(StoreException.class, (e, ctx) -> {
                LOG.error("storage failure on {} {}", ctx.method(), ctx.path(), e);
                error(ctx, 503, "storage_unavailable", null, "the database is unavailable; retry later");
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal_error", null, "unexpected server error; it has been logged");
            });
            config.routes.error(404, ctx -> {
                // a handler's own JSON 404 (an unknown record) stands; ctx.contentType() is the request's type
                String answered = ctx.res().getContentType();
                if (answered != null && answered.startsWith("application/json") && !ctx.result().isEmpty()) {
                    return;
                }
                error(ctx, 404, "not_found", null, "no route " + ctx.method() + " " + ctx.path() + "; see /openapi.json");
            });
            config.routes.error(405, ctx -> error(ctx, 405, "method_not_allowed", null,
                    ctx.method() + " is not allowed on " + ctx.path() + "; see /openapi.json"));
            config.routes.error(413, ctx -> error(ctx, 413, "body_too_large", null,
                    "request body is over " + maxBodyBytes + " bytes; send smaller batches"));
        }).start();
        return this;
    }

    public int port() {
        return app.port();
    }

    private Handler timed(String route, Handler handler) {
        return ctx -> {
            long start = System.nanoTime();
            // the exception handlers set the answer's status after this returns: count the one they will send
            int status = 500;
            try {
                handler.handle(ctx);
                status = ctx.statusCode();
            } catch (ApiError e) {
                status = e.status();
                throw e;
            } catch (StoreException e) {
                status = 503;
                throw e;
            } finally {
                metrics.observe(route, status, (System.nanoTime() - start) / 1e9);
            }
        };
    }

    private void health(Context ctx) {
        store.key("health-probe");
        if (!store.writable()) {
            throw new ApiError(503, "storage_unavailable", null, "the database writer has stopped; restart the server");
        }
        ctx.json(java.util.Map.of("status", "ok"));
    }

    /**
     * Validates the body at once, then answers when the write is committed without holding a
     * server thread meanwhile (the group-commit writer completes the future).
     */
    private void ingest(Context ctx, RecordKind kind, String route, long start) {
        JsonNode body;
        try {
            body = readJson(ctx);
            if (!body.isObject() && !body.isArray()) {
                throw new ApiError(400, "invalid_body", null, "the body must be a JSON object or an array of objects");
            }
            if (body.isArray() && body.isEmpty()) {
                throw new ApiError(400, "invalid_body", null, "the array is empty; send 1 to " + Ingestor.MAX_ITEMS + " items");
            }
            if (body.size() > Ingestor.MAX_ITEMS && body.isArray()) {
                throw new ApiError(400, "too_many_items", null, "the array holds " + body.size()
                        + " items; the limit is " + Ingestor.MAX_ITEMS + " per request");
            }
        } catch (ApiError e) {
            metrics.rejected(route, e.code(), 1);
            throw e;
        }
        String project = principal(ctx).project();
        ctx.future(() -> ingestor.ingestAsync(kind, body, project).handle((report, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof StoreException) {
                    LOG.error("storage failure on POST {}", route, cause);
                    error(ctx, 503, "storage_unavailable", null, "the database is unavailable; retry later");
                } else {
                    LOG.error("unexpected failure on POST {}", route, cause);
                    error(ctx, 500, "internal_error", null, "unexpected server error; it has been logged");
                }
            } else {
                answer(ctx, route, body, report);
            }
            metrics.observe(route, ctx.statusCode(), (System.nanoTime() - start) / 1e9);
            return null;
        }));
    }

    private void answer(Context ctx, String route, JsonNode body, IngestReport report) {
        metrics.ingested(route, report.stored(), report.duplicates());
        report.rejected().forEach(r -> metrics.rejected(route, r.error(), 1));
        if (!body.isArray() && !report.rejected().isEmpty()) {
            var r = report.rejected().get(0);
            error(ctx, r.error().equals("forbidden_project") ? 403 : 400, r.error(), r.field(), r.message());
            return;
        }
        if (body.isArray() && report.rejected().size() == body.size()) {
            ObjectNode out = json.createObjectNode();
            var first = report.rejected().get(0);
            out.put("error", "invalid_items");
            out.put("field", first.field());
            out.put("message", "none of the " + body.size() + " items is valid; the first: " + first.message());
            out.set("rejected", Views.rejections(json, report.rejected(), "index"));
            ctx.status(400).contentType("application/json").result(out.toString());
            return;
        }
        ctx.status(202).contentType("application/json").result(Views.report(json, report));
    }

    private void readResponse(Context ctx) {
        String project = principal(ctx).project();
        String requestId = ctx.pathParam("request_id");
        var stored = store.response(project, requestId).orElseThrow(() -> new ApiError(404, "not_found", "request_id",
                "no response '" + requestId + "' in project '" + project + "'"));
        ctx.contentType("application/json")
                .result(Views.response(json, stored, store.feedback(project, requestId)).toString());
    }

    private JsonNode readJson(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "unsupported_media_type", null,
                    "send the body as JSON with the header Content-Type: application/json");
        }
        byte[] bytes = readBytes(ctx);
        if (bytes.length == 0) {
            throw new ApiError(400, "invalid_body", null, "the body is empty; send a JSON object or array");
        }
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            // from bytes in memory only the text can be at fault, also when a decoder (UTF-32) throws
            throw new ApiError(400, "malformed_json", null, JsonProblem.of(e).describe("the body"));
        }
    }

    /** The raw body, at most the limit. @throws ApiError 413 when it is longer, 400 when it cannot be read */
    private byte[] readBytes(Context ctx) {
        long declared = ctx.contentLength();
        if (declared > maxBodyBytes) {
            drain(ctx, declared);
            throw new ApiError(413, "body_too_large", null,
                    "request body is " + declared + " bytes, over the limit of " + maxBodyBytes + "; send smaller batches");
        }
        return readLimited(ctx);
    }

    /**
     * Reads and discards a declared-too-large body of up to 4x the limit before the 413 is sent:
     * answering while the client is still sending makes the server close the connection under it,
     * and many clients (the JDK's among them) then report a broken pipe instead of the 413.
     * Anything larger is refused without reading, at the cost of that less helpful error.
     */
    private void drain(Context ctx, long declared) {
        if (declared > 4 * maxBodyBytes) {
            return;
        }
        try (InputStream in = ctx.req().getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the client went away: nobody is left to read the 413
        }
    }

    private byte[] readLimited(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = readBody(in, ctx.req().getContentLengthLong(), maxBodyBytes);
            if (bytes.length > maxBodyBytes) {
                throw new ApiError(413, "body_too_large", null,
                        "request body is over the limit of " + maxBodyBytes + " bytes; send smaller batches");
            }
            return bytes;
        } catch (IOException e) {
            throw new ApiError(400, "invalid_body", null, "the body could not be read: " + e.getMessage());
        }
    }

    /**
     * Reads a request body of at most {@code max} bytes (one byte more when it is longer, so the
     * caller can refuse it). With a declared length the array is allocated once at that size:
     * {@code readNBytes(limit)} allocates 8 KiB chunks and copies them, which was a quarter of all
     * allocation under single-event load (async-profiler, event=alloc). Public so the bench's bare
     * endpoint reads bodies the same way.
     */
    public static byte[] readBody(InputStream in, long declaredLength, long max) throws IOException {
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, max + 1);
        if (declaredLength < 0 || declaredLength >= limit) {
            return in.readNBytes(limit); // chunked or too large: read up to the limit
        }
        byte[] bytes = new byte[(int) declaredLength];
        int n = in.readNBytes(bytes, 0, bytes.length);
        if (n < bytes.length) {
            return java.util.Arrays.copyOf(bytes, n); // the client sent less than it declared
        }
        int extra = in.read();
        if (extra < 0) {
            return bytes;
        }
        // more than declared (Jetty enforces Content-Length, so only a broken stream gets here)
        byte[] rest = in.readNBytes(limit - bytes.length - 1);
        byte[] all = java.util.Arrays.copyOf(bytes, bytes.length + 1 + rest.length);
        all[bytes.length] = (byte) extra;
        System.arraycopy(rest, 0, all, bytes.length + 1, rest.length);
        return all;
    }

    /**
     * Checks the key, sent as a bearer token or, for clients that can set a header but not a
     * scheme (OpenTelemetry exporters are configured with plain headers), as {@code x-feedloop-key}.
     */
    private void authorize(Context ctx, boolean admin) {
        String header = ctx.header("Authorization");
        String key;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = header.substring(7).trim();
        } else if (ctx.header(KEY_HEADER) != null) {
            key = ctx.header(KEY_HEADER).trim();
        } else {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "unauthorized", null, "send an API key as 'Authorization: Bearer <key>'"
                    + " or '" + KEY_HEADER + ": <key>' (create one with: feedloop keys create --project P --scope ingest)");
        }
        ApiKeys.Principal principal = keys.authenticate(key).orElseThrow(() -> {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            return new ApiError(401, "unauthorized", null, "the API key is unknown or revoked");
        });
        if (admin && !principal.canRead()) {
            throw new ApiError(403, "forbidden", null, "this route needs an admin key; the key has scope 'ingest'");
        }
        ctx.attribute(PRINCIPAL, principal);
    }

    private static ApiKeys.Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    private void error(Context ctx, int status, String code, String field, String message) {
        ObjectNode out = json.createObjectNode();
        out.put("error", code);
        out.put("field", field);
        out.put("message", message);
        ctx.status(status).contentType("application/json").result(out.toString());
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
    }
}
