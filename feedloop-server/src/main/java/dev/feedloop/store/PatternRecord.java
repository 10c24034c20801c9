package dev.feedloop.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A failure pattern as stored: identity, human edits, description, and the vectors new negatives
 * are matched against. Edits make a changed copy ({@link #withName}, {@link #withCauseOverride},
 * {@link #withStatus}, {@link #asMergedInto}).
 *
 * @param descriptionLocked the description was written by a reviewer: later triage runs keep it
 * @param causeOverride a reviewer's cause, which wins over the computed one; null when none
 * @param view what defines the membership: a kind of question, or a trait of the answer
 * @param mergedInto the surviving pattern when {@code status} is {@link PatternStatus#MERGED}, else null
 */
public record PatternRecord(String project, String patternId, String name, boolean nameLocked, String description,
        boolean descriptionLocked, List<String> keywords, Cause cause, double causeConfidence, Cause causeOverride, String evidenceJson,
        PatternStatus status, String mergedInto, boolean manual, String model, float[] centroid,
        List<float[]> exemplars, long memberCount, Instant firstSeen, Instant lastSeen, PatternView view) {
    public PatternRecord {
        Objects.requireNonNull(patternId, "patternId");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(view, "view");
        keywords = List.copyOf(keywords);
        exemplars = List.copyOf(exemplars);
    }

    /** A question pattern. */
    public PatternRecord(String project, String patternId, String name, boolean nameLocked, String description,
            boolean descriptionLocked, List<String> keywords, Cause cause, double causeConfidence, Cause causeOverride,
            String evidenceJson, PatternStatus status, String mergedInto, boolean manual, String model, float[] centroid,
            List<float[]> exemplars, long memberCount, Instant firstSeen, Instant lastSeen) {
        this(project, patternId, name, nameLocked, description, descriptionLocked, keywords, cause, causeConfidence,
                causeOverride, evidenceJson, status, mergedInto, manual, model, centroid, exemplars, memberCount,
                firstSeen, lastSeen, PatternView.QUESTION);
    }

    /** A pattern whose description triage wrote (not locked). */
    public PatternRecord(String project, String patternId, String name, boolean nameLocked, String description,
            List<String> keywords, Cause cause, double causeConfidence, Cause causeOverride, String evidenceJson,
            PatternStatus status, String mergedInto, boolean manual, String model, float[] centroid,
            List<float[]> exemplars, long memberCount, Instant firstSeen, Instant lastSeen) {
        this(project, patternId, name, nameLocked, description, false, keywords, cause, causeConfidence, causeOverride,
                evidenceJson, status, mergedInto, manual, model, centroid, exemplars, memberCount, firstSeen, lastSeen);
    }

    /** The cause a reader should see: a human override wins over the computed one. */
    public Cause effectiveCause() {
        return causeOverride != null ? causeOverride : cause;
    }

    public PatternRecord withStatus(PatternStatus newStatus) {
        return new PatternRecord(project, patternId, name, nameLocked, description, descriptionLocked, keywords, cause, causeConfidence,
                causeOverride, evidenceJson, newStatus, mergedInto, manual, model, centroid, exemplars, memberCount,
                firstSeen, lastSeen, view);
    }

    /** The same pattern under another name; a locked name is kept by later triage runs. */
    public PatternRecord withName(String newName, boolean locked) {
        return new PatternRecord(project, patternId, newName, locked, description, descriptionLocked, keywords, cause, causeConfidence,
                causeOverride, evidenceJson, status, mergedInto, manual, model, centroid, exemplars, memberCount,
                firstSeen, lastSeen, view);
    }

    /** The same pattern with a description a reviewer wrote, which later triage runs keep. */
    public PatternRecord withReviewedDescription(String newDescription) {
        return new PatternRecord(project, patternId, name, nameLocked, newDescription, true, keywords, cause,
                causeConfidence, causeOverride, evidenceJson, status, mergedInto, manual, model, centroid, exemplars,
                memberCount, firstSeen, lastSeen, view);
    }

    /** The same pattern with a reviewer's cause (null removes it). */
    public PatternRecord withCauseOverride(Cause override) {
        return new PatternRecord(project, patternId, name, nameLocked, description, descriptionLocked, keywords, cause, causeConfidence,
                override, evidenceJson, status, mergedInto, manual, model, centroid, exemplars, memberCount,
                firstSeen, lastSeen, view);
    }

    /** The same pattern folded into {@code target}: status merged, its identity kept for the history. */
    public PatternRecord asMergedInto(String target) {
        return new PatternRecord(project, patternId, name, nameLocked, description, descriptionLocked, keywords, cause, causeConfidence,
                causeOverride, evidenceJson, PatternStatus.MERGED, Objects.requireNonNull(target, "target"), manual,
                model, centroid, exemplars, memberCount, firstSeen, lastSeen, view);
    }

    /** The same pattern with other evidence (its cause judgement's numbers and notes). */
    public PatternRecord withEvidence(String newEvidenceJson) {
        return new PatternRecord(project, patternId, name, nameLocked, description, descriptionLocked, keywords, cause,
                causeConfidence, causeOverride, newEvidenceJson, status, mergedInto, manual, model, centroid, exemplars,
                memberCount, firstSeen, lastSeen, view);
    }

    /** The same pattern with other member vectors and counts (a merge, or a triage run that saw it). */
    public PatternRecord withMembers(float[] newCentroid, List<float[]> newExemplars, long newMemberCount,
            Instant newFirstSeen, Instant newLastSeen) {
        return new PatternRecord(project, patternId, name, nameLocked, description, descriptionLocked, keywords, cause, causeConfidence,
                causeOverride, evidenceJson, status, mergedInto, manual, model, newCentroid, newExemplars,
                newMemberCount, newFirstSeen, newLastSeen, view);
    }
}
