package dev.feedloop.store;

import java.util.List;

/**
 * Fixes and their verdicts. Verification also reads the patterns and traffic that triage keeps, so a
 * fix store is a triage store as well.
 */
public interface FixStore extends TriageStore {


    void saveFix(FixRecord fix);

    /** Fixes of one pattern, or of all patterns when {@code patternId} is null, oldest first. */
    List<FixRecord> fixes(String project, String patternId);
}
