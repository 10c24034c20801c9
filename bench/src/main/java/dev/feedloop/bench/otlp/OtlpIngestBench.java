package dev.feedloop.bench.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.feedloop.Feedloop;
import dev.feedloop.store.ApiKeyRecord;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.web.ApiServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * OTLP ingest against JSON ingest, in the same run on the same server: one request of 1,000 GenAI
 * chat spans (binary OTLP, current GenAI conventions) to {@code POST /v1/traces} against one array
 * of 1,000 responses with the same texts to {@code POST /v1/responses}. Each round sends both, in
 * alternating order, with fresh ids (nothing is a duplicate); bodies are built before the clock
 * starts, so a rate is the server's: decode, map, validate, commit to disk, answer. Reports the
 * median rate of each and their ratio (issue 20 asks spans/s >= 0.5 x responses/s).
 *
 * <p>Usage: {@code OtlpIngestBench [--rounds 9] [--warmup 5] [--size 1000] [--durability full]}.
 */
public final class OtlpIngestBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] WORDS = ("flight change refund baggage hotel booking seat upgrade cancel fee "
            + "insurance lounge transfer visa passport delay voucher meal train car rental loyalty points").split(" ");

    private OtlpIngestBench() {
    }

    public static void main(String[] argv) throws Exception {
        int rounds = intArg(argv, "--rounds", 9);
        int warmup = intArg(argv, "--warmup", 5);
        int size = intArg(argv, "--size", 1000);
        SqliteStore.Durability durability = SqliteStore.Durability.valueOf(
                stringArg(argv, "--durability", "full").toUpperCase(Locale.ROOT));
        Path dir = Files.createTempDirectory("otlpbench");
        try (Feedloop feedloop = Feedloop.open(dir.resolve("bench.db").toString(), Clock.systemUTC(), durability, "");
                ApiServer server = feedloop.apiServer(16L << 20).start("127.0.0.1", 0)) {
            String key = feedloop.keys().create("default", ApiKeyRecord.Scope.INGEST);
            URI base = URI.create("http://127.0.0.1:" + server.port());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            SplittableRandom random = new SplittableRandom(20);
            double[] jsonRates = new double[rounds];
            double[] spanRates = new double[rounds];
            long jsonBytes = 0;
            long otlpBytes = 0;
            for (int round = -warmup; round < rounds; round++) {
                List<Texts> texts = texts(size, random);
                Instant now = Instant.now().minusSeconds(60);
                byte[] json = jsonBody(texts, "j" + round, now);
                byte[] otlp = otlpBody(texts, round + warmup, now);
                jsonBytes = json.length;
                otlpBytes = otlp.length;
                double jsonRate;
                double spanRate;
                if ((round & 1) == 0) {
                    jsonRate = send(http, base, "/v1/responses", "application/json", key, json, size);
                    spanRate = send(http, base, "/v1/traces", "application/x-protobuf", key, otlp, size);
                } else {
                    spanRate = send(http, base, "/v1/traces", "application/x-protobuf", key, otlp, size);
                    jsonRate = send(http, base, "/v1/responses", "application/json", key, json, size);
                }
                if (round >= 0) {
                    jsonRates[round] = jsonRate;
                    spanRates[round] = spanRate;
                    System.out.printf(Locale.ROOT, "round %2d  responses/s %8.0f  spans/s %8.0f  ratio %.2f%n",
                            round + 1, jsonRate, spanRate, spanRate / jsonRate);
                }
            }
            // the server's own time per route (from receipt to the committed answer), all rounds and warm-up included
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            metrics.body().lines().filter(l -> l.startsWith("feedloop_http_request_duration_seconds_sum")
                    || l.startsWith("feedloop_http_request_duration_seconds_count")).forEach(System.out::println);
            double jsonMedian = median(jsonRates);
            double spanMedian = median(spanRates);
            System.out.printf(Locale.ROOT, "bodies: JSON array %,d bytes, OTLP protobuf %,d bytes (%d items each)%n",
                    jsonBytes, otlpBytes, size);
            System.out.printf(Locale.ROOT, "median of %d rounds (durability %s): responses/s %.0f, spans/s %.0f, "
                    + "ratio %.2f (target >= 0.5)%n", rounds, durability.name().toLowerCase(Locale.ROOT),
                    jsonMedian, spanMedian, spanMedian / jsonMedian);
        }
    }

    /** One request's rate in items/s, after checking that every item was stored. */
    private static double send(HttpClient http, URI base, String path, String type, String key, byte[] body,
            int size) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", type)
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (path.equals("/v1/traces")) {
            ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(ByteBuffer.wrap(response.body()));
            if (response.statusCode() != 200 || answer.hasPartialSuccess()) {
                throw new IllegalStateException("/v1/traces answered " + response.statusCode() + ": " + answer);
            }
        } else {
            JsonNode answer = JSON.readTree(response.body());
            if (response.statusCode() != 202 || answer.path("stored").asInt() != size) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + answer);
            }
        }
        return size / seconds;
    }

    /** What one chat call said: the same in both encodings. */
    private record Texts(String input, String output, String session, String model, String promptVersion) {
    }

    private static List<Texts> texts(int size, SplittableRandom random) {
        List<Texts> texts = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            texts.add(new Texts(sentence(random, 20) + "?", sentence(random, 70) + ".", "s-" + random.nextInt(200),
                    random.nextBoolean() ? "gpt-x" : "claude-x", "support-v" + (3 + random.nextInt(2))));
        }
        return texts;
    }

    private static String sentence(SplittableRandom random, int words) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < words; i++) {
            out.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return out.toString();
    }

    private static byte[] jsonBody(List<Texts> texts, String prefix, Instant at) throws Exception {
        ArrayNode array = JSON.createArrayNode();
        for (int i = 0; i < texts.size(); i++) {
            Texts t = texts.get(i);
            ObjectNode r = array.addObject();
            r.put("request_id", prefix + "-" + i);
            r.put("timestamp", at.plusMillis(i).toString());
            r.put("prompt_version", t.promptVersion());
            r.put("model", t.model());
            r.put("user_input", t.input());
            r.put("llm_output", t.output());
            r.put("session_id", t.session());
        }
        return JSON.writeValueAsBytes(array);
    }

    private static byte[] otlpBody(List<Texts> texts, int round, Instant at) throws Exception {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < texts.size(); i++) {
            Texts t = texts.get(i);
            long end = at.plusMillis(i).getEpochSecond() * 1_000_000_000L + at.plusMillis(i).getNano();
            // unique per round and span: round in the high bytes, index in the low ones
            long spanId = (long) (round + 1) << 32 | i;
            byte[] traceId = new byte[16];
            Arrays.fill(traceId, (byte) 7);
            scope.addSpans(Span.newBuilder().setTraceId(ByteString.copyFrom(traceId))
                    .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(spanId).array()))
                    .setName("chat " + t.model()).setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                    .setStartTimeUnixNano(end - 800_000_000L).setEndTimeUnixNano(end)
                    .addAttributes(kv("gen_ai.operation.name", "chat"))
                    .addAttributes(kv("gen_ai.provider.name", "openai"))
                    .addAttributes(kv("gen_ai.request.model", t.model()))
                    .addAttributes(kv("session.id", t.session()))
                    .addAttributes(kv("feedloop.prompt_version", t.promptVersion()))
                    .addAttributes(kv("gen_ai.input.messages", messages("user", t.input())))
                    .addAttributes(kv("gen_ai.output.messages", messages("assistant", t.output()))));
        }
        Resource resource = Resource.newBuilder().addAttributes(kv("service.name", "travel-bot")).build();
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope))
                .build().toByteArray();
    }

    private static String messages(String role, String text) throws Exception {
        ArrayNode list = JSON.createArrayNode();
        ObjectNode message = list.addObject().put("role", role);
        message.putArray("parts").addObject().put("type", "text").put("content", text);
        return JSON.writeValueAsString(list);
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static int intArg(String[] argv, String name, int fallback) {
        return Integer.parseInt(stringArg(argv, name, Integer.toString(fallback)));
    }

    private static String stringArg(String[] argv, String name, String fallback) {
        for (int i = 0; i + 1 < argv.length; i++) {
            if (argv[i].equals(name)) {
                return argv[i + 1];
            }
        }
        return fallback;
    }
}
