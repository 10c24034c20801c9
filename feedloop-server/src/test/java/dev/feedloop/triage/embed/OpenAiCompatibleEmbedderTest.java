package dev.feedloop.triage.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a local fake that answers like https://platform.openai.com/docs/api-reference/embeddings. */
class OpenAiCompatibleEmbedderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> authHeaders = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 500;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            requests.add(body);
            authHeaders.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String answer;
            int status;
            if (failuresLeft.getAndDecrement() > 0) {
                status = failureStatus;
                answer = "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}";
            } else {
                status = 200;
                answer = answer(body);
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** The documented shape, items deliberately in reverse order: clients must use "index". */
    private static String answer(JsonNode body) {
        StringBuilder data = new StringBuilder();
        int n = body.get("input").size();
        for (int i = n - 1; i >= 0; i--) {
            String text = body.get("input").get(i).asText();
            data.append("{\"object\":\"embedding\",\"index\":").append(i)
                    .append(",\"embedding\":[").append(text.length()).append(",0,").append(i + 1).append("]}")
                    .append(i > 0 ? "," : "");
        }
        return "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"" + body.get("model").asText()
                + "\",\"usage\":{\"prompt_tokens\":8,\"total_tokens\":8}}";
    }

    private OpenAiCompatibleEmbedder embedder(int batchSize, int retries) {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new OpenAiCompatibleEmbedder(new OpenAiCompatibleEmbedder.Config(base, "text-embedding-3-small",
                "sk-test", 0, batchSize, Duration.ofSeconds(5), retries, Duration.ZERO));
    }

    @Test
    void embed_sendsModelInputAndKey_andReturnsUnitVectorsInInputOrder() {
        List<float[]> v = embedder(16, 0).embed(List.of("abc", "abcdef"));

        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).get("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(requests.get(0).get("input").get(1).asText()).isEqualTo("abcdef");
        assertThat(authHeaders.get(0)).isEqualTo("Bearer sk-test");
        // "abc" -> [3, 0, 1] / sqrt(10); "abcdef" -> [6, 0, 2] / sqrt(40)
        assertThat(v.get(0)).containsExactly(new float[] {(float) (3 / Math.sqrt(10)), 0, (float) (1 / Math.sqrt(10))},
                org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(v.get(1)[0]).isCloseTo((float) (6 / Math.sqrt(40)), org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void embed_moreTextsThanBatch_splitsRequestsAndKeepsOrder() {
        OpenAiCompatibleEmbedder e = embedder(2, 0);

        List<float[]> v = e.embed(List.of("a", "bb", "ccc", "dddd", "eeeee"));

        assertThat(requests).hasSize(3);
        assertThat(v).hasSize(5);
        assertThat(v.get(4)[0] / v.get(4)[2]).isCloseTo(5f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(e.dimension()).isEqualTo(3);
    }

    @Test
    void embed_serverErrorThenSuccess_isRetried() {
        failuresLeft.set(1);

        List<float[]> v = embedder(8, 2).embed(List.of("x"));

        assertThat(v).hasSize(1);
        assertThat(requests).hasSize(2);
    }

    @Test
    void embed_unauthorized_failsWithServerMessageWithoutRetry() {
        failuresLeft.set(5);
        failureStatus = 401;

        assertThatThrownBy(() -> embedder(8, 3).embed(List.of("x")))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("HTTP 401: Incorrect API key provided")
                .hasMessageContaining("check the API key");
        assertThat(requests).hasSize(1);
    }

    @Test
    void config_nonHttpUrl_isRejected() {
        assertThatThrownBy(() -> OpenAiCompatibleEmbedder.Config.of(URI.create("ftp://x"), "m", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp://x");
    }
}
