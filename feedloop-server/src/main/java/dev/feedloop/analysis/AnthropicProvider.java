package dev.feedloop.analysis;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.LogLevel;
import com.anthropic.core.http.HttpClient;
import com.anthropic.core.http.HttpRequest;
import com.anthropic.core.http.Interceptor;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceTool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's Messages API through the official SDK. Structured output is a forced tool call:
 * one tool whose {@code input_schema} is the answer's schema, and {@code tool_choice} naming it.
 * The SDK's own retries are off (the run retries, with one budget for both providers) and so is its
 * logging; the key goes in the X-Api-Key header, never into a message.
 */
final class AnthropicProvider implements Provider {
    private final AnthropicClient client;
    private final String model;
    private final Duration timeout;
    private final Clock clock;

    AnthropicProvider(AnalystSettings settings, Clock clock, DryRun dryRun) {
        AnthropicOkHttpClient.Builder builder = AnthropicOkHttpClient.builder()
                .apiKey(settings.apiKey())
                // The SDK's static credential goes out as "Authorization: Bearer" unless X-Api-Key is
                // already set; the Messages API documents X-Api-Key for API keys, so set it ourselves.
                .putHeader("X-Api-Key", settings.apiKey())
                .baseUrl(settings.baseUrl())
                .timeout(settings.timeout())
                .maxRetries(0)
                .logLevel(LogLevel.OFF)
                .clock(clock);
        if (dryRun != null) {
            builder.addInterceptor(recording(dryRun));
        }
        this.client = builder.build();
        this.model = settings.model();
        this.timeout = settings.timeout();
        this.clock = clock;
    }

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public Reply send(Prompts.Request request) throws Failure {
        MessageCreateParams params = params(request);
        Message message;
        try {
            message = client.messages().create(params);
        } catch (DryRunStop e) {
            throw new Failure(Kind.DRY_RUN, 0, null, "dry run");
        } catch (AnthropicServiceException e) {
            int status = e.statusCode();
            Duration wait = e.headers().values("retry-after").stream().findFirst()
                    .map(v -> RetryAfter.parse(v, clock)).orElse(null);
            throw new Failure(Failure.kindOf(status), status, wait, Failure.hint("anthropic", status));
        } catch (AnthropicIoException e) {
            boolean timedOut = e.getCause() instanceof InterruptedIOException;
            throw new Failure(Kind.RETRYABLE, 0, null, timedOut ? "anthropic did not answer within "
                    + timeout.toSeconds() + " s" : "anthropic is unreachable");
        } catch (AnthropicInvalidDataException e) {
            return new Reply(null, 0, 0);
        } catch (AnthropicException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DryRunStop) {
                throw new Failure(Kind.DRY_RUN, 0, null, "dry run");
            }
            throw new Failure(Kind.REJECTED, 0, null, "anthropic call failed (" + e.getClass().getSimpleName() + ")");
        }
        return parse(message, request.tool());
    }

    private MessageCreateParams params(Prompts.Request request) {
        ObjectNode schema = request.schema();
        Tool.InputSchema.Properties.Builder properties = Tool.InputSchema.Properties.builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            properties.putAdditionalProperty(p.getKey(), JsonValue.fromJsonNode(p.getValue()));
        }
        List<String> required = new ArrayList<>();
        schema.get("required").forEach(r -> required.add(r.asText()));
        Tool tool = Tool.builder()
                .name(request.tool())
                .description(request.toolDescription())
                .inputSchema(Tool.InputSchema.builder().properties(properties.build()).required(required)
                        .putAdditionalProperty("additionalProperties", JsonValue.from(false)).build())
                .build();
        return MessageCreateParams.builder()
                .model(model)
                .maxTokens(request.maxOutputTokens())
                .system(request.system())
                .addUserMessage(request.user())
                .addTool(tool)
                .toolChoice(ToolChoiceTool.builder().name(request.tool()).build())
                .build();
    }

    private static Reply parse(Message message, String tool) {
        long in = message.usage().inputTokens();
        long out = message.usage().outputTokens();
        JsonNode answer = null;
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : message.content()) {
            if (block.toolUse().isPresent() && tool.equals(block.toolUse().get().name())) {
                answer = Prompts.JSON.valueToTree(block.toolUse().get()._input().convert(Object.class));
                break;
            }
            block.text().ifPresent(t -> text.append(t.text()).append('\n'));
        }
        if (answer == null) {
            answer = AnswerValidator.firstObject(text.toString());
        }
        return new Reply(answer, in, out);
    }

    /** Records each request the SDK would send, headers and all, and stops it before the network. */
    private static Interceptor recording(DryRun dryRun) {
        return Interceptor.syncOnly((HttpClient next, HttpRequest request, com.anthropic.core.RequestOptions o) -> {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String name : request.headers().names()) {
                headers.put(name, request.headers().values(name));
            }
            String body = request.body().map(b -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                b.writeTo(bytes);
                return bytes.toString(StandardCharsets.UTF_8);
            }).orElse("");
            dryRun.record(request.method().name(), request.url(), headers, body);
            throw new DryRunStop();
        });
    }

    /** Thrown inside the SDK to end a dry-run request; never leaves this class. */
    private static final class DryRunStop extends RuntimeException {
        DryRunStop() {
            super("dry run", null, false, false);
        }
    }
}
