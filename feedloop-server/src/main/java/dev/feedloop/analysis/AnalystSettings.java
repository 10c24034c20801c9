package dev.feedloop.analysis;

import dev.feedloop.config.ConfigException;
import dev.feedloop.config.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The analyst's configuration, read from the environment through {@link Settings}.
 *
 * @param provider    {@code anthropic}, {@code openai}, or empty for offline
 * @param apiKey      the provider's key (may be empty for a local OpenAI-compatible server); never printed
 * @param baseUrl     the provider's API base, without a trailing slash
 * @param model       the model asked
 * @param maxCalls    most requests per run
 * @param maxTokens   most input plus output tokens per run
 * @param concurrency most requests in flight
 * @param timeout     per request
 * @param retries     retries of a timeout, 429, 529 or 5xx
 * @param examples    most examples sent per pattern
 * @param backoff     first wait between retries when the provider names none; doubles each retry
 * @param maxWait     longest wait the analyst accepts (Retry-After beyond it ends the run's LLM use)
 */
public record AnalystSettings(String provider, String apiKey, String baseUrl, String model, int maxCalls,
        long maxTokens, int concurrency, Duration timeout, int retries, int examples, Duration backoff,
        Duration maxWait) {
    static final String DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-4-6";

    public AnalystSettings {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxCalls < 0 || maxTokens < 0 || concurrency < 1 || retries < 0 || examples < 1) {
            throw new IllegalArgumentException("limits must be positive: calls=" + maxCalls + " tokens=" + maxTokens
                    + " concurrency=" + concurrency + " retries=" + retries + " examples=" + examples);
        }
    }

    /**
     * The settings from environment variables (see the README's configuration table).
     *
     * @throws ConfigException when a value is invalid, or the chosen provider lacks its key or model
     */
    public static AnalystSettings from(Map<String, String> env) {
        String provider = Settings.get(Settings.LLM_PROVIDER, env);
        String model = Settings.get(Settings.LLM_MODEL, env);
        String key;
        String base;
        switch (provider) {
            case "anthropic" -> {
                key = Settings.get(Settings.ANTHROPIC_API_KEY, env);
                base = Settings.get(Settings.ANTHROPIC_BASE_URL, env);
                model = model.isEmpty() ? DEFAULT_ANTHROPIC_MODEL : model;
                if (key.isBlank()) {
                    throw new ConfigException("FEEDLOOP_LLM_PROVIDER=anthropic needs ANTHROPIC_API_KEY; set it, or"
                            + " unset FEEDLOOP_LLM_PROVIDER to keep the offline labels.");
                }
            }
            case "openai" -> {
                key = Settings.get(Settings.LLM_API_KEY, env);
                base = Settings.get(Settings.LLM_BASE_URL, env);
                if (model.isEmpty()) {
                    throw new ConfigException("FEEDLOOP_LLM_PROVIDER=openai needs FEEDLOOP_LLM_MODEL, the model your"
                            + " endpoint serves (e.g. gpt-4o-mini, or llama3.1 on Ollama).");
                }
            }
            default -> {
                key = "";
                base = "";
                model = "";
            }
        }
        return new AnalystSettings(provider, key, base, model, Settings.get(Settings.LLM_MAX_CALLS, env),
                Settings.get(Settings.LLM_MAX_TOKENS, env), Settings.get(Settings.LLM_CONCURRENCY, env),
                Settings.get(Settings.LLM_TIMEOUT, env), Settings.get(Settings.LLM_RETRIES, env),
                Settings.get(Settings.LLM_EXAMPLES, env), Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    /** Whether a provider is configured; false means every run stays offline. */
    public boolean enabled() {
        return !provider.isEmpty();
    }

    /** The same settings with other waits (tests use milliseconds). */
    public AnalystSettings withWaits(Duration backoff, Duration maxWait) {
        return new AnalystSettings(provider, apiKey, baseUrl, model, maxCalls, maxTokens, concurrency, timeout,
                retries, examples, backoff, maxWait);
    }

    /** The key is never printed. */
    @Override
    public String toString() {
        return "AnalystSettings[provider=" + provider + ", apiKey=" + (apiKey.isEmpty() ? "(none)" : "****")
                + ", baseUrl=" + baseUrl + ", model=" + model + ", maxCalls=" + maxCalls + ", maxTokens=" + maxTokens
                + ", concurrency=" + concurrency + ", timeout=" + timeout + ", retries=" + retries + ", examples="
                + examples + "]";
    }
}
