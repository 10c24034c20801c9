package dev.feedloop.triage.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Embeddings from any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, LiteLLM...):
 * {@code POST {base}/v1/embeddings} with {@code {"model": ..., "input": [...]}} and a bearer key,
 * answered by {@code {"data": [{"index": i, "embedding": [...]}, ...]}} as documented at
 * https://platform.openai.com/docs/api-reference/embeddings/create. Vectors are L2-normalised here
 * because not every server does it.
 *
 * <p>Sends at most {@link Config#batchSize()} texts per request and retries 429 and 5xx answers
 * {@link Config#maxRetries()} times with exponential back-off.
 */
public final class OpenAiCompatibleEmbedder implements Embedder {

    /**
     * Endpoint settings.
     *
     * @param baseUrl server root, e.g. {@code http://localhost:11434}; a trailing {@code /v1} is accepted
     * @param model model name sent in every request
     * @param apiKey bearer token, or null for servers without authentication
     * @param dimension vector length if known, or 0 to learn it from the first answer
     * @param batchSize texts per request (OpenAI accepts up to 2048)
     * @param timeout per request
     * @param maxRetries retries after a 429 or 5xx answer or an I/O error
     * @param backoff wait before the first retry, doubled each time
     */
    public record Config(URI baseUrl, String model, String apiKey, int dimension, int batchSize,
            Duration timeout, int maxRetries, Duration backoff) {
        public Config {
            if (baseUrl == null || baseUrl.getScheme() == null
                    || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https"))) {
                throw new IllegalArgumentException("baseUrl must be an http(s) URL, got " + baseUrl);
            }
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("model must not be blank, got '" + model + "'");
            }
            if (dimension < 0 || batchSize < 1 || maxRetries < 0) {
                throw new IllegalArgumentException("need dimension >= 0, batchSize >= 1, maxRetries >= 0, got "
                        + dimension + ", " + batchSize + ", " + maxRetries);
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero() || backoff == null || backoff.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive and backoff >= 0, got "
                        + timeout + ", " + backoff);
            }
        }

        /** Batches of 256, a 60 s timeout, 2 retries starting at 1 s. */
        public static Config of(URI baseUrl, String model, String apiKey) {
            return new Config(baseUrl, model, apiKey, 0, 256, Duration.ofSeconds(60), 2, Duration.ofSeconds(1));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Config config;
    private final URI endpoint;
    private final HttpClient http;
    private volatile int dimension;

    public OpenAiCompatibleEmbedder(Config config) {
        this(config, HttpClient.newBuilder().connectTimeout(config.timeout()).build());
    }

    OpenAiCompatibleEmbedder(Config config, HttpClient http) {
        this.config = config;
        this.http = http;
        this.dimension = config.dimension();
        String base = config.baseUrl().toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base.endsWith("/v1") ? base + "/embeddings" : base + "/v1/embeddings");
    }

    @Override
    public String modelId() {
        return "openai:" + config.model();
    }

    /** The configured dimension, or the one of the first answer (asking the server once if needed). */
    @Override
    public int dimension() {
        if (dimension == 0) {
            embed(List.of("dimension probe"));
        }
        return dimension;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        if (texts == null || texts.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("texts must be a list without nulls");
        }
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += config.batchSize()) {
            out.addAll(embedBatch(texts.subList(from, Math.min(texts.size(), from + config.batchSize()))));
        }
        return out;
    }

    private List<float[]> embedBatch(List<String> batch) {
        ObjectNode body = JSON.createObjectNode().put("model", config.model());
        ArrayNode input = body.putArray("input");
        batch.forEach(input::add);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (config.apiKey() != null && !config.apiKey().isBlank()) {
            request.header("Authorization", "Bearer " + config.apiKey());
        }
        return parse(send(request.build()), batch.size());
    }

    private String send(HttpRequest request) {
        long wait = config.backoff().toMillis();
        for (int attempt = 0; ; attempt++) {
            String problem;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return response.body();
                }
                problem = "HTTP " + status + errorMessage(response.body());
                if (status != 429 && status / 100 != 5) {
                    throw new EmbeddingException("embedding endpoint " + endpoint + " refused the request: "
                            + problem + (status == 401 || status == 403 ? " (check the API key)" : ""));
                }
            } catch (IOException e) {
                problem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddingException("interrupted while calling " + endpoint, e);
            }
            if (attempt >= config.maxRetries()) {
                throw new EmbeddingException("embedding endpoint " + endpoint + " failed after "
                        + (attempt + 1) + " attempts: " + problem);
            }
            sleep(wait);
            wait *= 2;
        }
    }

    private List<float[]> parse(String body, int expected) {
        JsonNode data;
        try {
            data = JSON.readTree(body).path("data");
        } catch (IOException e) {
            throw new EmbeddingException("embedding endpoint " + endpoint + " answered invalid JSON", e);
        }
        if (!data.isArray() || data.size() != expected) {
            throw new EmbeddingException("embedding endpoint " + endpoint + " returned "
                    + (data.isArray() ? data.size() : "no") + " embeddings for " + expected + " texts");
        }
        float[][] out = new float[expected][];
        for (int k = 0; k < expected; k++) {
            JsonNode item = data.get(k);
            int index = item.path("index").asInt(k);
            JsonNode emb = item.path("embedding");
            if (index < 0 || index >= expected || out[index] != null || !emb.isArray() || emb.isEmpty()) {
                throw new EmbeddingException("embedding endpoint " + endpoint
                        + " returned a malformed item at position " + k);
            }
            float[] v = new float[emb.size()];
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) emb.get(d).asDouble();
            }
            out[index] = Vectors.l2Normalize(v);
            checkDimension(v.length);
        }
        return List.of(out);
    }

    private synchronized void checkDimension(int length) {
        if (dimension == 0) {
            dimension = length;
        } else if (dimension != length) {
            throw new EmbeddingException("embedding endpoint " + endpoint + " returned vectors of length "
                    + length + ", expected " + dimension);
        }
    }

    private static String errorMessage(String body) {
        try {
            String msg = JSON.readTree(body).path("error").path("message").asText("");
            return msg.isEmpty() ? "" : ": " + msg;
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException("interrupted while waiting to retry", e);
        }
    }
}
