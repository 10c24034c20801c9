package dev.feedloop.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A local server answering in Anthropic's Messages or OpenAI's chat-completions shapes. It plays a
 * script of answers, one per request (the last one repeats), and records every request.
 */
final class FakeLlm implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "sk-test-0123456789abcdefghijklmnopqrstuv";

    record Call(String method, String path, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The user message's text, in either provider's shape. */
        String userText() {
            for (JsonNode m : json().path("messages")) {
                if (m.path("role").asText().equals("user")) {
                    JsonNode c = m.path("content");
                    return c.isTextual() ? c.asText() : c.path(0).path("text").asText();
                }
            }
            throw new IllegalStateException("no user message in " + body);
        }
    }

    record Answer(int status, Map<String, String> headers, String body, long delayMillis) {
        static Answer ok(String body) {
            return new Answer(200, Map.of(), body, 0);
        }

        static Answer status(int status, Map<String, String> headers) {
            return new Answer(status, headers, "{\"error\":{\"type\":\"error\",\"message\":\"status " + status + "\"}}",
                    0);
        }
    }

    private final HttpServer server;
    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Answer> script = new ArrayDeque<>();

    FakeLlm() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized FakeLlm then(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    private synchronized Answer next() {
        return script.size() > 1 ? script.poll() : script.peek();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        calls.add(new Call(ex.getRequestMethod(), ex.getRequestURI().getPath(), headers, body));
        Answer a = next();
        if (a == null) {
            a = Answer.status(500, Map.of());
        }
        try {
            if (a.delayMillis() > 0) {
                Thread.sleep(a.delayMillis());
            }
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(a.status(), out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        } catch (InterruptedException | IOException e) {
            // the client gave up (timeout test)
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- answers in the providers' documented shapes

    static ObjectNode goodAnalysis() {
        ObjectNode a = JSON.createObjectNode();
        a.put("name", "Baggage fees quoted from old policy");
        a.put("description", "Users asking about checked bag fees get last year's prices and fix them by hand.");
        a.put("cause", "retrieval");
        a.put("cause_reason", "Retrieval scores are low and the cited document is the superseded fee table.");
        a.put("suggested_fix", "Re-index the 2025 fee table and drop the superseded one from the retrieval corpus.");
        return a;
    }

    static String anthropicTool(JsonNode input, long in, long out) {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", "msg_01").put("type", "message").put("role", "assistant").put("model", "claude-sonnet-4-6");
        ObjectNode block = m.putArray("content").addObject();
        block.put("type", "tool_use").put("id", "toolu_01").put("name", Prompts.ANALYSIS_TOOL);
        block.set("input", input);
        m.put("stop_reason", "tool_use");
        m.putNull("stop_sequence");
        m.putObject("usage").put("input_tokens", in).put("output_tokens", out);
        return m.toString();
    }

    static String openAiContent(String content, long in, long out) {
        ObjectNode r = openAiShell(in, out);
        ObjectNode message = ((ObjectNode) r.path("choices").path(0)).putObject("message");
        message.put("role", "assistant").put("content", content);
        return r.toString();
    }

    static String openAiToolCall(JsonNode arguments, long in, long out) {
        ObjectNode r = openAiShell(in, out);
        ObjectNode message = ((ObjectNode) r.path("choices").path(0)).putObject("message");
        message.put("role", "assistant").putNull("content");
        ObjectNode call = message.putArray("tool_calls").addObject();
        call.put("id", "call_1").put("type", "function");
        call.putObject("function").put("name", Prompts.ANALYSIS_TOOL).put("arguments", arguments.toString());
        return r.toString();
    }

    private static ObjectNode openAiShell(long in, long out) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1_700_000_000).put("model", "m");
        r.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        r.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
        return r;
    }

    // ---- analysts pointed at this server

    /** Waits the run asked for, instead of sleeping. */
    final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

    Analyst anthropic(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>(Map.of("FEEDLOOP_LLM_PROVIDER", "anthropic",
                "ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL", base()));
        env.putAll(extra);
        return analyst(env);
    }

    Analyst openAi(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>(Map.of("FEEDLOOP_LLM_PROVIDER", "openai",
                "FEEDLOOP_LLM_API_KEY", KEY, "FEEDLOOP_LLM_BASE_URL", base() + "/v1", "FEEDLOOP_LLM_MODEL",
                "gpt-4o-mini"));
        env.putAll(extra);
        return analyst(env);
    }

    private Analyst analyst(Map<String, String> env) {
        AnalystSettings s = AnalystSettings.from(env).withWaits(Duration.ofMillis(10), Duration.ofSeconds(30));
        return new Analyst(s, Clock.systemUTC(), dev.feedloop.triage.redact.Redactor.standard(), waits::add);
    }
}
