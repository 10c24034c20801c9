package dev.feedloop.web.dashboard;

import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.PatternAnalysis;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.triage.FixSuggestions;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.Store;
import dev.feedloop.store.StoredFeedback;
import dev.feedloop.store.StoredResponse;
import dev.feedloop.triage.redact.Redactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads what a pattern page shows; every piece of user or model text is redacted here. */
final class PatternModel {
    /** Examples shown: the latest members. */
    static final int EXAMPLES = 12;
    private static final Instant END_OF_TIME = Instant.parse("9999-01-01T00:00:00Z");

    private PatternModel() {
    }

    static PatternPage.Model build(Store store, Redactor redactor, PatternRecord p, Insights.Snapshot weeks) {
        String project = p.project();
        List<String> members = store.members(project, p.patternId(), Instant.EPOCH, END_OF_TIME);
        List<PatternPage.Example> examples = new ArrayList<>();
        for (int i = members.size() - 1; i >= 0 && examples.size() < EXAMPLES; i--) {
            example(store, redactor, project, members.get(i)).ifPresent(examples::add);
        }
        List<PatternRecord> targets = store.patterns(project).stream().filter(t -> !t.patternId().equals(p.patternId())
                && !t.status().closed() && t.status() != PatternStatus.MERGED).toList();
        // the LLM analyst's fix, unless a reviewer overrode the cause it was written for
        PatternAnalysis analysis = p.causeOverride() == null ? store.analyses(project).get(p.patternId()) : null;
        return new PatternPage.Model(p, weeks, store.fixes(project, p.patternId()),
                store.patternEvents(project, p.patternId()), store.ticket(project, p.patternId()), examples,
                members.size(), targets, analysis != null ? redactor.redact(analysis.suggestedFix())
                        : FixSuggestions.offline(p.effectiveCause(), p.patternId()), analysis != null);
    }

    private static Optional<PatternPage.Example> example(Store store, Redactor redactor, String project, String id) {
        Optional<StoredResponse> stored = store.response(project, id);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        ResponseRecord r = stored.get().record();
        List<String> did = new ArrayList<>();
        if (stored.get().reasked()) {
            did.add("re-asked");
        }
        String edited = null;
        for (StoredFeedback sf : store.feedback(project, id)) {
            FeedbackRecord f = sf.record();
            if (f.implicitSignal() != null) {
                did.add(f.implicitSignal().wire());
            }
            if (f.explicitRating() != null) {
                did.add("rated " + f.explicitRating());
            }
            if (f.thumbs() != null) {
                did.add("thumbs " + f.thumbs().wire());
            }
            if (f.comment() != null) {
                did.add("commented \"" + redactor.redact(f.comment()) + "\"");
            }
            if (f.editedOutput() != null) {
                edited = redactor.redact(f.editedOutput());
            }
        }
        return Optional.of(new PatternPage.Example(id, r.timestamp().toString().replace('T', ' ').replace("Z", " UTC"),
                r.promptVersion(), redactor.redact(r.userInput()), redactor.redact(r.llmOutput()),
                did.isEmpty() ? "-" : String.join(", ", did), edited));
    }
}
