package dev.feedloop.web.dashboard;

import dev.feedloop.capture.Timestamps;
import dev.feedloop.store.FixRecord;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.Store;
import dev.feedloop.triage.PatternEditor;
import dev.feedloop.triage.TriageConfig;
import dev.feedloop.verify.Verifier;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A dashboard form's fields turned into the review action the command line runs: the same
 * {@link PatternEditor} and {@link Verifier} calls, with the signed-in key as the author.
 */
final class ReviewActions {
    /** The actions on one pattern, each posted to {@code /patterns/{id}/<name>}. */
    static final List<String> NAMES = List.of("rename", "describe", "cause", "merge", "split", "dismiss", "fixes");

    private final Function<String, PatternEditor> editors;
    private final Verifier verifier;
    private final Store store;

    ReviewActions(Function<String, PatternEditor> editors, Verifier verifier, Store store) {
        this.editors = editors;
        this.verifier = verifier;
        this.store = store;
    }

    /** What an action did, and the pattern to show next. */
    record Outcome(String message, String showPattern) {
    }

    /**
     * @throws IllegalArgumentException for a missing or invalid field, or an edit the editor refuses
     */
    Outcome apply(String action, String project, String id, String actor, Function<String, String> form,
            List<String> requestIds) {
        PatternEditor editor = editors.apply(actor);
        return switch (action) {
            case "rename" -> {
                PatternRecord p = editor.rename(project, id, field(form, "name"));
                yield new Outcome("Renamed " + id + " to '" + p.name() + "'.", id);
            }
            case "describe" -> {
                editor.describe(project, id, field(form, "description"));
                yield new Outcome("Description of " + id + " saved; triage keeps it.", id);
            }
            case "cause" -> {
                PatternRecord p = editor.overrideCause(project, id, field(form, "cause"));
                yield new Outcome("Cause of " + id + " set to " + p.causeOverride() + ".", id);
            }
            case "merge" -> {
                String into = field(form, "into");
                editor.merge(project, id, into);
                yield new Outcome("Merged " + id + " into " + into + ".", into);
            }
            case "split" -> {
                PatternRecord p = editor.split(project, id, requestIds, field(form, "name"));
                yield new Outcome("Split " + requestIds.size() + " examples off " + id + " into " + p.patternId() + ".",
                        p.patternId());
            }
            case "dismiss" -> {
                editor.dismiss(project, id);
                yield new Outcome("Dismissed " + id + ": it is no longer reported.", id);
            }
            case "fixes" -> {
                FixRecord fix = verifier.addFix(project, id, time(field(form, "deployed_at")),
                        optional(form, "prompt_version"), optional(form, "note"), actor);
                yield new Outcome("Recorded fix " + fix.fixId() + " for " + id + "; it is judged on the next verification.",
                        id);
            }
            case "define" -> {
                List<String> examples = Arrays.stream(field(form, "examples").split("\\R")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList();
                PatternRecord p = editor.define(project, field(form, "name"), examples,
                        PatternEditor.inputOnly(TriageConfig.DEFAULT));
                yield new Outcome("Defined " + p.patternId() + " from " + examples.size() + " examples.", p.patternId());
            }
            default -> throw new IllegalArgumentException("no review action '" + action + "'");
        };
    }

    private static String field(Function<String, String> form, String name) {
        String value = form.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("fill in the field '" + name.replace('_', ' ') + "'");
        }
        return value;
    }

    private static String optional(Function<String, String> form, String name) {
        String value = form.apply(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static java.time.Instant time(String text) {
        try {
            return Timestamps.parseDateOrTime(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(Timestamps.invalid("deployed at", text));
        }
    }
}
