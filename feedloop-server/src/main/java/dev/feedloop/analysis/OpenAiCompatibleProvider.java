package dev.feedloop.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any OpenAI-compatible {@code POST /chat/completions} (OpenAI, Ollama, vLLM, LM Studio) over the
 * JDK client. Structured output is asked for as {@code response_format: json_schema}; a server that
 * answers 400 to that is asked with a forced tool call instead, then with plain JSON mode
 * ({@code json_object}, the schema in the prompt); the mode that worked is kept for the rest of the
 * run (one instance per run).
 */
final class OpenAiCompatibleProvider implements Provider {
    enum Mode { JSON_SCHEMA, TOOLS, JSON_OBJECT }

    private final HttpClient client;
    private final URI endpoint;
    private final String apiKey;
    private final String model;
    private final Duration timeout;
    private final Clock clock;
    private final DryRun dryRun;
    private volatile Mode mode = Mode.JSON_SCHEMA;

    OpenAiCompatibleProvider(HttpClient client, AnalystSettings settings, Clock clock, DryRun dryRun) {
        this.client = client;
        this.endpoint = URI.create(settings.baseUrl() + "/chat/completions");
        this.apiKey = settings.apiKey();
        this.model = settings.model();
        this.timeout = settings.timeout();
        this.clock = clock;
        this.dryRun = dryRun;
    }

    static HttpClient httpClient(Duration timeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public String model() {
        return model;
    }

    Mode mode() {
        return mode;
    }

    @Override
    public Reply send(Prompts.Request request) throws Failure {
        Mode sent = mode;
        String body = body(request, sent);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        if (!apiKey.isEmpty()) {
            headers.put("Authorization", List.of("Bearer " + apiKey));
        }
        if (dryRun != null) {
            dryRun.record("POST", endpoint.toString(), headers, body);
            throw new Failure(Kind.DRY_RUN, 0, null, "dry run");
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach((k, v) -> http.header(k, v.get(0)));
        HttpResponse<String> response;
        try {
            response = client.send(http.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new Failure(Kind.RETRYABLE, 0, null, "openai-compatible endpoint did not answer within "
                    + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new Failure(Kind.RETRYABLE, 0, null, "openai-compatible endpoint is unreachable ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(Kind.REJECTED, 0, null, "interrupted");
        }
        int status = response.statusCode();
        if (status == 400 && sent != Mode.JSON_OBJECT) {
            // Many local servers know neither json_schema nor tools; step down once and remember it.
            mode = sent == Mode.JSON_SCHEMA ? Mode.TOOLS : Mode.JSON_OBJECT;
            throw new Failure(Kind.MODE_REFUSED, status, null, "openai-compatible endpoint refused " + sent
                    + " output (400); trying " + mode);
        }
        if (status < 200 || status >= 300) {
            Duration wait = RetryAfter.parse(response.headers().firstValue("retry-after").orElse(null), clock);
            throw new Failure(Failure.kindOf(status), status, wait, Failure.hint("openai-compatible endpoint", status));
        }
        return parse(response.body(), sent);
    }

    private String body(Prompts.Request request, Mode sent) {
        ObjectNode b = Prompts.JSON.createObjectNode();
        b.put("model", model);
        ArrayNode messages = b.putArray("messages");
        String system = request.system();
        if (sent == Mode.JSON_OBJECT) {
            system += "\n\nReply with one JSON object and nothing else, matching this JSON schema:\n"
                    + request.schema().toString();
        }
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", request.user());
        b.put("max_tokens", request.maxOutputTokens());
        b.put("temperature", 0);
        switch (sent) {
            case JSON_SCHEMA -> {
                ObjectNode format = b.putObject("response_format");
                format.put("type", "json_schema");
                ObjectNode schema = format.putObject("json_schema");
                schema.put("name", request.tool());
                schema.put("strict", true);
                schema.set("schema", request.schema());
            }
            case TOOLS -> {
                ObjectNode function = b.putArray("tools").addObject().put("type", "function").putObject("function");
                function.put("name", request.tool());
                function.put("description", request.toolDescription());
                function.set("parameters", request.schema());
                b.putObject("tool_choice").put("type", "function").putObject("function").put("name", request.tool());
            }
            case JSON_OBJECT -> b.putObject("response_format").put("type", "json_object");
        }
        try {
            return Prompts.JSON.writeValueAsString(b);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Reply parse(String body, Mode sent) throws Failure {
        JsonNode root;
        try {
            root = Prompts.JSON.readTree(body);
        } catch (IOException e) {
            throw new Failure(Kind.RETRYABLE, 200, null, "openai-compatible endpoint answered something that is not"
                    + " JSON");
        }
        JsonNode usage = root.path("usage");
        long in = usage.path("prompt_tokens").asLong(0);
        long out = usage.path("completion_tokens").asLong(0);
        JsonNode message = root.path("choices").path(0).path("message");
        JsonNode answer = null;
        JsonNode call = message.path("tool_calls").path(0).path("function").path("arguments");
        if (call.isTextual()) {
            answer = AnswerValidator.firstObject(call.asText());
        } else if (call.isObject()) {
            answer = call;
        }
        if (answer == null) {
            // json_schema and json_object answer in content; some servers wrap it in prose or a fence.
            answer = AnswerValidator.firstObject(message.path("content").asText(null));
        }
        return new Reply(answer, in, out);
    }
}
