package dev.feedloop.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's calls: the budget (calls, tokens), the concurrency limit, retries with backoff, one
 * re-ask after an invalid answer, and the switch to offline for the rest of the run after an
 * outage, a spent budget or a refused key. Logs say what happened and what to do; they never hold
 * a prompt, an answer or a key.
 */
final class LlmRun implements Analyst.Run {
    private static final Logger LOG = LoggerFactory.getLogger(LlmRun.class);
    /** Characters per token for the pre-call estimate: low on purpose, so the estimate runs high. */
    private static final int CHARS_PER_TOKEN = 3;

    private interface Check<T> {
        T apply(JsonNode answer) throws AnswerValidator.InvalidAnswer;
    }

    private final AnalystSettings settings;
    private final Provider provider;
    private final Prompts prompts;
    private final Analyst.Sleeper sleeper;
    private final DryRun dryRun;
    private final Semaphore inFlight;
    private int calls;
    private long inputTokens;
    private long outputTokens;
    private long reservedTokens;
    private String stoppedBecause;

    LlmRun(AnalystSettings settings, Provider provider, Prompts prompts, Analyst.Sleeper sleeper, DryRun dryRun) {
        this.settings = settings;
        this.provider = provider;
        this.prompts = prompts;
        this.sleeper = sleeper;
        this.dryRun = dryRun;
        this.inFlight = new Semaphore(settings.concurrency());
    }

    @Override
    public Optional<Analysis> analyze(PatternBrief brief) {
        if (provider == null) {
            return Optional.empty();
        }
        Set<String> urls = AnswerValidator.urlsIn(exampleTexts(List.of(brief)));
        return ask(prompts.analysis(brief), answer -> AnswerValidator.analysis(answer, urls));
    }

    @Override
    public Optional<SameFailure> sameFailure(PatternBrief candidate, PatternBrief existing) {
        if (provider == null) {
            return Optional.empty();
        }
        Set<String> urls = AnswerValidator.urlsIn(exampleTexts(List.of(candidate, existing)));
        return ask(prompts.sameFailure(candidate, existing), answer -> AnswerValidator.sameFailure(answer, urls));
    }

    @Override
    public synchronized Usage usage() {
        if (provider == null) {
            return new Usage("offline", "", 0, 0, 0, 0.0, null);
        }
        return new Usage(provider.name(), provider.model(), calls, inputTokens, outputTokens,
                Prices.estimate(provider.model(), inputTokens, outputTokens), stoppedBecause);
    }

    @Override
    public List<String> dryRunRequests() {
        return dryRun == null ? List.of() : dryRun.requests();
    }

    /** Asks, validates, and asks once more with the validation error; empty when both answers fail. */
    private <T> Optional<T> ask(Prompts.Request request, Check<T> check) {
        Prompts.Request current = request;
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<Provider.Reply> reply = send(current);
            if (reply.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(check.apply(reply.get().answer()));
            } catch (AnswerValidator.InvalidAnswer e) {
                LOG.info("{} answer rejected ({}){}", provider.name(), e.getMessage(),
                        attempt == 0 ? "; asking once more" : "; keeping the offline labels for this pattern");
                current = request.withCorrection(e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** One request, retried on a retryable failure; empty when the run is (or goes) offline. */
    private Optional<Provider.Reply> send(Prompts.Request request) {
        long estimate = request.chars() / CHARS_PER_TOKEN + request.maxOutputTokens();
        int retries = 0;
        while (true) {
            if (!reserve(estimate)) {
                return Optional.empty();
            }
            Provider.Reply reply;
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                release(estimate, 0, 0);
                return Optional.empty();
            }
            try {
                reply = provider.send(request);
            } catch (Provider.Failure f) {
                inFlight.release();
                release(estimate, 0, 0);
                switch (f.kind) {
                    case DRY_RUN:
                        return Optional.empty();
                    case MODE_REFUSED:
                        LOG.info("{}", f.getMessage());
                        continue;
                    case AUTH:
                        stop(f.getMessage() + "; LLM analysis is off for the rest of this run, patterns keep their"
                                + " offline labels (check " + keyVariable() + ")", "key refused (" + f.status + ")");
                        return Optional.empty();
                    case REJECTED:
                        LOG.warn("{}; this pattern keeps its offline labels", f.getMessage());
                        return Optional.empty();
                    case RETRYABLE:
                    default:
                        Duration wait = f.retryAfter != null ? f.retryAfter
                                : settings.backoff().multipliedBy(1L << Math.min(retries, 16));
                        if (retries >= settings.retries() || wait.compareTo(settings.maxWait()) > 0) {
                            stop(f.getMessage() + " after " + (retries + 1) + " attempt(s); LLM analysis is off for"
                                    + " the rest of this run, patterns keep their offline labels", "outage");
                            return Optional.empty();
                        }
                        retries++;
                        try {
                            sleeper.sleep(wait);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return Optional.empty();
                        }
                        continue;
                }
            }
            inFlight.release();
            release(estimate, reply.inputTokens(), reply.outputTokens());
            return Optional.of(reply);
        }
    }

    /** Takes a call and the token estimate from the budget, or ends the run's LLM use when it is spent. */
    private boolean reserve(long estimate) {
        synchronized (this) {
            if (stoppedBecause != null) {
                return false;
            }
            if (dryRun != null) {
                return true;
            }
            long spent = inputTokens + outputTokens + reservedTokens;
            if (calls < settings.maxCalls() && spent + estimate <= settings.maxTokens()) {
                calls++;
                reservedTokens += estimate;
                return true;
            }
        }
        stop("LLM budget for this run is spent (" + settings.maxCalls() + " calls, " + settings.maxTokens()
                + " tokens: FEEDLOOP_LLM_MAX_CALLS, FEEDLOOP_LLM_MAX_TOKENS); the remaining patterns keep their"
                + " offline labels", "budget");
        return false;
    }

    private synchronized void release(long estimate, long in, long out) {
        if (dryRun == null) {
            reservedTokens -= estimate;
            inputTokens += in;
            outputTokens += out;
        }
    }

    /** Goes offline for the rest of the run, saying so once. */
    private void stop(String message, String reason) {
        synchronized (this) {
            if (stoppedBecause != null) {
                return;
            }
            stoppedBecause = reason;
        }
        LOG.warn("{}", message);
    }

    private String keyVariable() {
        return provider.name().equals("anthropic") ? "ANTHROPIC_API_KEY" : "FEEDLOOP_LLM_API_KEY";
    }

    private static List<String> exampleTexts(List<PatternBrief> briefs) {
        List<String> texts = new ArrayList<>();
        for (PatternBrief b : briefs) {
            for (PatternBrief.Example x : b.examples()) {
                texts.add(x.input());
                texts.add(x.output());
                texts.add(x.editedOutput());
                texts.add(x.comment());
            }
        }
        return texts;
    }
}
