package dev.feedloop.triage;

import dev.feedloop.store.Cause;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.UnknownPatternException;
import dev.feedloop.store.FixStore;
import dev.feedloop.triage.embed.Vectors;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The human in the loop: rename, merge, dismiss, override the cause, or define a pattern by hand.
 * Every edit is stored on the pattern so later triage runs respect it (a locked name is kept, a
 * merged pattern's negatives go to its target, a dismissed pattern absorbs its negatives silently,
 * an overridden cause wins), and is logged as a pattern event.
 */
public final class PatternEditor {
    private final FixStore store;
    private final EmbeddingService embeddings;
    private final Clock clock;

    public PatternEditor(FixStore store, EmbeddingService embeddings, Clock clock) {
        this.store = store;
        this.embeddings = embeddings;
        this.clock = clock;
    }

    /** @throws IllegalArgumentException for an unknown pattern or a blank or over-long name */
    public PatternRecord rename(String project, String id, String name) {
        if (name == null || name.isBlank() || name.length() > 120) {
            throw new IllegalArgumentException("a pattern name must be 1-120 characters");
        }
        PatternRecord p = get(project, id);
        PatternRecord renamed = p.withName(name.strip(), true);
        save(renamed, "renamed", "'" + p.name() + "' -> '" + renamed.name() + "'");
        return renamed;
    }

    /** @throws IllegalArgumentException for an unknown pattern, or one merged into another */
    public PatternRecord dismiss(String project, String id) {
        PatternRecord current = get(project, id);
        if (current.status() == PatternStatus.MERGED) {
            throw new IllegalArgumentException(id + " was merged into " + current.mergedInto() + " and its negatives"
                    + " are reported there; to stop reporting them, dismiss " + current.mergedInto());
        }
        PatternRecord p = current.withStatus(PatternStatus.DISMISSED);
        save(p, "dismissed", "dismissed by a reviewer; its negatives are absorbed and no longer reported");
        return p;
    }

    /** @throws IllegalArgumentException for an unknown pattern or cause */
    public PatternRecord overrideCause(String project, String id, String cause) {
        Cause parsed = Cause.fromWire(cause);
        PatternRecord p = get(project, id);
        PatternRecord changed = p.withCauseOverride(parsed);
        save(changed, "cause_overridden", p.cause() + " -> " + parsed);
        return changed;
    }

    /**
     * Merges {@code from} into {@code into}: its negatives and vectors join the target, and future
     * negatives like it are assigned to the target.
     *
     * @throws IllegalArgumentException for unknown patterns or a merge into itself
     */
    public PatternRecord merge(String project, String from, String into) {
        if (from.equals(into)) {
            throw new IllegalArgumentException("cannot merge " + from + " into itself");
        }
        PatternRecord source = get(project, from);
        PatternRecord target = get(project, into);
        if (source.status() == PatternStatus.MERGED) {
            throw new IllegalArgumentException(from + " was already merged into " + source.mergedInto());
        }
        if (target.status() == PatternStatus.MERGED) {
            throw new IllegalArgumentException(into + " was itself merged into " + target.mergedInto() + "; merge into that");
        }
        if (target.status() == PatternStatus.DISMISSED) {
            throw new IllegalArgumentException(into + " is dismissed, so " + from + " would stop being reported"
                    + " without a word; if that is what you mean, dismiss it: feedloop patterns dismiss " + from);
        }
        List<String> fixes = store.fixes(project, from).stream().map(dev.feedloop.store.FixRecord::fixId).toList();
        List<float[]> exemplars = new ArrayList<>(target.exemplars());
        exemplars.addAll(source.exemplars());
        float[] centroid = Vectors.blend(target.centroid().clone(), Math.max(1, target.memberCount()),
                source.centroid(), Math.max(1, source.memberCount()));
        PatternRecord merged = target.withMembers(centroid, exemplars, target.memberCount() + source.memberCount(),
                earlier(target.firstSeen(), source.firstSeen()), later(target.lastSeen(), source.lastSeen()));
        PatternRecord gone = source.asMergedInto(into);
        store.savePatterns(List.of(merged, gone));
        store.reassign(project, from, into);
        Instant now = clock.instant();
        String moved = fixes.isEmpty() ? "" : " with its fixes " + String.join(", ", fixes)
                + " (now judged on " + into + ")";
        store.addPatternEvent(project, from, now, "merged", "merged into " + into + moved);
        store.addPatternEvent(project, into, now, "absorbed", "absorbed " + from + moved);
        return merged;
    }

    /**
     * Defines a pattern by hand from a name and example user inputs; triage then fills it with the
     * negatives that match.
     *
     * @throws IllegalArgumentException without a name or examples
     */
    public PatternRecord define(String project, String name, List<String> examples, TextComposerAccess texts) {
        if (name == null || name.isBlank() || name.length() > 120) {
            throw new IllegalArgumentException("a pattern name must be 1-120 characters");
        }
        if (examples == null || examples.isEmpty()) {
            throw new IllegalArgumentException("give at least one example text (--example)");
        }
        float[][] vectors = embeddings.embed(examples.stream().map(texts::compose).toList(),
                EmbeddingService.Progress.NONE);
        List<float[]> list = List.of(vectors);
        int next = PatternWriter.nextNumber(store, project);
        PatternRecord p = new PatternRecord(project, "P-" + next, name.strip(), true, "Defined by hand from "
                + examples.size() + " examples.", List.of(), Cause.UNKNOWN, 0, null, "{}", PatternStatus.OPEN, null, true,
                embeddings.modelId(), Vectors.centroid(list), list, 0, null, null);
        save(p, "defined", "defined by hand with " + examples.size() + " examples");
        return p;
    }

    /** How a hand-given example becomes the text that is embedded (same composition as negatives). */
    public interface TextComposerAccess {
        String compose(String example);
    }

    /** The composition triage uses, for an example that is a user input with no output. */
    public static TextComposerAccess inputOnly(TriageConfig config) {
        TextComposer composer = new TextComposer(dev.feedloop.triage.redact.Redactor.standard(), config.outputChars());
        return example -> composer.compose(example, "");
    }

    private PatternRecord get(String project, String id) {
        return store.pattern(project, id).orElseThrow(() -> new UnknownPatternException(project, id));
    }

    private void save(PatternRecord p, String kind, String detail) {
        store.savePatterns(List.of(p));
        store.addPatternEvent(p.project(), p.patternId(), clock.instant(), kind, detail);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
