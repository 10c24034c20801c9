package dev.feedloop.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What triage reads and keeps: negatives and traffic counts of a window, session pairs for re-asks,
 * cached vectors, patterns with their runs, assignments and history.
 */
public interface TriageStore {


    /** Every response in [from, to) that the rules call negative, oldest first. No limit. */
    List<NegativeRow> negatives(String project, Instant from, Instant to, NegativeRules rules);

    /**
     * The texts of responses that became negative through rows ingested after {@code ingestedAfter}
     * (the background embedder), in no particular order.
     */
    List<NegativeText> negativeTextsIngestedAfter(String project, Instant ingestedAfter, NegativeRules rules);

    /** What the embedder needs of a negative response. */
    record NegativeText(String requestId, String userInput, String llmOutput) {
    }

    /**
     * Pairs of responses in one session, the later within the re-ask window of the earlier, earlier
     * responses in [from, to), oldest first. Only pairs whose answer is still open: the earlier
     * response is not marked re-asked yet, has no negative implicit signal (marking it would change
     * nothing) and no explicit positive one (accepted, rating >= 4, thumbs up: the user said it served
     * them, so what follows is a follow-up and an inferred signal must not overrule them).
     */
    List<SessionPair> sessionPairs(String project, Instant from, Instant to, java.time.Duration window);

    /**
     * The pairs of {@link #sessionPairs} (same filter, any time) of which at least one response was
     * ingested after {@code ingestedAfter}: the background embedder embeds them as they arrive.
     */
    List<SessionPair> sessionPairsIngestedAfter(String project, Instant ingestedAfter, java.time.Duration window);

    /** Marks responses as re-asked (a derived signal). */
    void markReasked(String project, Collection<String> requestIds);

    /** Two questions of one session: candidates for a re-ask. */
    record SessionPair(String earlierId, String earlierInput, String laterId, String laterInput) {
    }

    /** Responses in [from, to), optionally only of one prompt version (null for all). */
    long countResponses(String project, Instant from, Instant to, String promptVersion);

    /** Responses in [from, to) grouped by a dimension. */
    Map<String, Long> countResponsesBy(String project, Instant from, Instant to, Dimension dimension);

    /** Per day (UTC, ISO date) and prompt version: response counts in [from, to). */
    Map<String, Map<String, Long>> dailyResponsesByVersion(String project, Instant from, Instant to);

    /** The time of the project's latest response, or empty when it has none. */
    Optional<Instant> latestResponse(String project);

    /**
     * Per day (UTC, ISO date) and pattern id: the negatives triage assigned in [from, to); those it
     * assigned to no pattern are counted under the empty id.
     */
    Map<String, Map<String, Long>> dailyOccurrences(String project, Instant from, Instant to);

    /** Per day (UTC, ISO date) and prompt version: the negatives triage saw in [from, to). */
    Map<String, Map<String, Long>> dailyNegativesByVersion(String project, Instant from, Instant to);

    /**
     * Counts per day (UTC, ISO date) and prompt version of rows stored after a cursor, and the cursor
     * to pass next time: a reader that adds them up keeps exact totals while reading only what is new
     * (responses and assignments are only ever added; a response's time and version never change).
     */
    record DailyCounts(long cursor, Map<String, Map<String, Long>> counts) {
    }

    /** Responses stored after {@code cursor} (0: all), per day and prompt version. */
    DailyCounts dailyResponsesSince(String project, long cursor);

    /** Negatives triage assigned (to a pattern or to none) after {@code cursor} (0: all), per day and prompt version. */
    DailyCounts dailyNegativesSince(String project, long cursor);

    /** A uniform random sample of at most {@code n} responses of [from, to), the same for the same seed. */
    List<ResponseSample> sampleResponses(String project, Instant from, Instant to, int n, long seed);

    /** Cached vectors by content hash; absent hashes are missing from the map. */
    Map<String, float[]> vectors(Collection<String> contentHashes);

    void saveVectors(String model, Map<String, float[]> vectorsByHash);

    List<PatternRecord> patterns(String project);

    Optional<PatternRecord> pattern(String project, String patternId);

    /** Creates or replaces patterns (by id) without touching assignments. */
    void savePatterns(List<PatternRecord> patterns);

    /** Stores a run atomically: the patterns it created or updated, and each negative's assignment. */
    void saveTriageRun(TriageRunRecord run, List<PatternRecord> patterns, List<Assignment> assignments);

    Optional<TriageRunRecord> triageRun(String project, String runId);

    /** The LLM analyst's last answers for the project's patterns, by pattern id. */
    Map<String, PatternAnalysis> analyses(String project);

    /** Creates or replaces analyses (by project and pattern id). */
    void saveAnalyses(List<PatternAnalysis> analyses);

    /**
     * Moves every assignment and every fix of {@code from} to {@code to}, in one transaction (a merge:
     * a fix of the absorbed pattern is then judged on the members it now belongs with).
     */
    void reassign(String project, String from, String to);

    /** Request ids assigned to a pattern in [from, to), oldest first. */
    List<String> members(String project, String patternId, Instant from, Instant to);

    /**
     * A pattern's occurrences in [from, to): its assigned negatives there, optionally only of one
     * prompt version (null for all).
     */
    long occurrences(String project, String patternId, Instant from, Instant to, String promptVersion);

    /** Records an event Feedloop caused itself (triage, verification). */
    default void addPatternEvent(String project, String patternId, Instant at, String kind, String detail) {
        addPatternEvent(project, patternId, at, kind, detail, null);
    }

    /** Records an event; {@code actor} names who caused it (null: Feedloop itself). */
    void addPatternEvent(String project, String patternId, Instant at, String kind, String detail, String actor);

    /**
     * Moves the given negatives' assignments to {@code to} (a reviewer split them off into it); ids
     * that have no assignment are ignored.
     *
     * @return how many assignments moved
     */
    int reassignRequests(String project, Collection<String> requestIds, String to);

    List<PatternEvent> patternEvents(String project, String patternId);

    /**
     * Runs {@code work} while holding the named lock: no other holder of the same name runs beside it,
     * in this process or (for a shared database) in another instance. The default locks within the
     * process, which is enough for a database one process owns.
     */
    default <T> T exclusively(String name, java.util.function.Supplier<T> work) {
        return LocalLocks.exclusively(name, work);
    }

    /** A grouping of responses. */
    enum Dimension {
        PROMPT_VERSION("prompt_version"), MODEL("model");

        final String column;

        Dimension(String column) {
            this.column = column;
        }

        public String column() {
            return column;
        }
    }
}
