package dev.feedloop.analysis;

import dev.feedloop.config.ConfigException;
import dev.feedloop.triage.redact.Redactor;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The optional LLM analyst (PRODUCT.md part 5): names, describes, judges the cause of and suggests
 * a fix for each pattern, from redacted, delimited examples, with validated structured output.
 * Offline (no provider configured) it makes no calls and every answer is empty, so the offline
 * labels stand; the same happens for the rest of a run once its budget is spent, the provider is
 * down, or the key is refused. Nothing here throws out of a run.
 *
 * <pre>{@code
 * Analyst analyst = Analyst.from(System.getenv(), Clock.systemUTC());
 * Analyst.Run run = analyst.startRun();
 * for (PatternBrief brief : briefs) {
 *     run.analyze(brief).ifPresent(a -> store(brief.ref(), a)); // empty: keep the offline labels
 * }
 * Usage usage = run.usage();
 * }</pre>
 */
public final class Analyst {
    private final AnalystSettings settings;
    private final Clock clock;
    private final Redactor redactor;
    private final Sleeper sleeper;
    private final HttpClient http;
    private AnthropicProvider anthropic;

    /** How the run waits between retries; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(java.time.Duration d) throws InterruptedException;
    }

    Analyst(AnalystSettings settings, Clock clock, Redactor redactor, Sleeper sleeper) {
        this.settings = settings;
        this.clock = clock;
        this.redactor = redactor;
        this.sleeper = sleeper;
        this.http = settings.provider().equals("openai") ? OpenAiCompatibleProvider.httpClient(settings.timeout())
                : null;
    }

    /**
     * The analyst the environment configures (FEEDLOOP_LLM_PROVIDER and friends, see the README).
     *
     * @throws ConfigException when a setting is invalid or the chosen provider lacks its key or model
     */
    public static Analyst from(Map<String, String> env, Clock clock) {
        return of(AnalystSettings.from(env), clock);
    }

    /** The analyst for these settings. */
    public static Analyst of(AnalystSettings settings, Clock clock) {
        return new Analyst(settings, clock, Redactor.standard(), d -> Thread.sleep(d.toMillis()));
    }

    /** An analyst that never calls anything. */
    public static Analyst offline() {
        return of(AnalystSettings.from(Map.of()), Clock.systemUTC());
    }

    /** Whether a provider is configured. */
    public boolean enabled() {
        return settings.enabled();
    }

    public AnalystSettings settings() {
        return settings;
    }

    /** A run with its own budget (calls, tokens) and its own memory of what the provider accepts. */
    public Run startRun() {
        return new LlmRun(settings, provider(null), new Prompts(redactor, settings.examples()), sleeper, null);
    }

    /**
     * A run that sends nothing: each request it would send (method, URL, headers with credentials
     * masked, JSON body) is kept for {@link Run#dryRunRequests()}, and every answer is empty.
     */
    public Run startDryRun() {
        DryRun dry = new DryRun();
        return new LlmRun(settings, provider(dry), new Prompts(redactor, settings.examples()), sleeper, dry);
    }

    private synchronized Provider provider(DryRun dry) {
        return switch (settings.provider()) {
            case "anthropic" -> {
                if (dry != null) {
                    yield new AnthropicProvider(settings, clock, dry);
                }
                if (anthropic == null) {
                    anthropic = new AnthropicProvider(settings, clock, null);
                }
                yield anthropic;
            }
            case "openai" -> new OpenAiCompatibleProvider(http, settings, clock, dry);
            default -> null;
        };
    }

    /** One triage run's use of the analyst. Thread-safe; never throws for a provider's failure. */
    public interface Run {
        /** The analysis of a pattern, or empty when offline, out of budget, failing or answered invalidly twice. */
        Optional<Analysis> analyze(PatternBrief brief);

        /** Whether a new pattern is the same failure as an existing one: a proposal, never applied by itself. */
        Optional<SameFailure> sameFailure(PatternBrief candidate, PatternBrief existing);

        /** What the run has spent so far. */
        Usage usage();

        /** For a dry run, the requests it would have sent, in order; empty otherwise. */
        List<String> dryRunRequests();
    }
}
