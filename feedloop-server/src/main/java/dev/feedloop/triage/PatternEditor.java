package dev.feedloop.triage;

import dev.feedloop.store.Cause;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.Store;
import dev.feedloop.store.UnknownPatternException;
import dev.feedloop.triage.embed.Vectors;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The human in the loop, the same for both doors (command line and dashboard): rename, edit the
 * description, merge, split off examples, dismiss, override the cause, or define a pattern by hand.
 * Every edit is stored on the pattern so later triage runs respect it (a locked name and a reviewed
 * description are kept, a merged pattern's negatives go to its target, split-off examples are
 * exemplars of their new pattern and no longer of the old one, a dismissed pattern absorbs its
 * negatives silently, an overridden cause wins), and is logged as a pattern event naming who made it.
 *
 * <pre>{@code
 * feedloop.patternEditor("key 3f9c0a1b2c3d").rename("shop", "P-3", "Refund timelines are wrong");
 * }</pre>
 */
public final class PatternEditor {
    /** An exemplar this similar to a split-off example is that example (the same text's vector). */
    static final double SAME_VECTOR = 0.98;
    private final Store store;
    private final EmbeddingService embeddings;
    private final Clock clock;
    private final TriageConfig config;
    private final String actor;

    /** An editor whose edits are recorded without an author (tests, Feedloop itself). */
    public PatternEditor(Store store, EmbeddingService embeddings, Clock clock) {
        this(store, embeddings, clock, TriageConfig.DEFAULT, null);
    }

    /**
     * @param config how negatives are composed into embedded text and how many exemplars a pattern keeps
     * @param actor who makes the edits (an API key's id, a command-line user), recorded with each event
     */
    public PatternEditor(Store store, EmbeddingService embeddings, Clock clock, TriageConfig config, String actor) {
        this.store = store;
        this.embeddings = embeddings;
        this.clock = clock;
        this.config = config;
        this.actor = actor;
    }

    /** The same editor, recording {@code who} as the author of its edits. */
    public PatternEditor by(String who) {
        return new PatternEditor(store, embeddings, clock, config, who);
    }

    /**
     * Replaces the description with a reviewer's; later triage runs keep it.
     *
     * @throws IllegalArgumentException for an unknown pattern or a blank or over-long description
     */
    public PatternRecord describe(String project, String id, String description) {
        if (description == null || description.isBlank() || description.length() > 2_000) {
            throw new IllegalArgumentException("a pattern description must be 1-2,000 characters");
        }
        PatternRecord p = get(project, id);
        PatternRecord changed = p.withReviewedDescription(description.strip());
        save(changed, "described", "description set by a reviewer");
        return changed;
    }

    /**
     * Splits the given negatives off {@code id} into a new pattern named {@code name}: their
     * assignments move to it, their vectors become its centroid and exemplars, and the old pattern
     * drops them from its exemplars, so the next triage run assigns them (and negatives like them)
     * to the new pattern.
     *
     * @return the new pattern
     * @throws IllegalArgumentException for an unknown or closed pattern, a bad name, no examples,
     *     examples that are not its members, or all of its members
     */
    public PatternRecord split(String project, String id, Collection<String> requestIds, String name) {
        if (name == null || name.isBlank() || name.length() > 120) {
            throw new IllegalArgumentException("a pattern name must be 1-120 characters");
        }
        Set<String> chosen = new LinkedHashSet<>(requestIds == null ? List.of() : requestIds);
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("choose at least one example to split off " + id);
        }
        PatternRecord source = get(project, id);
        if (source.status().closed()) {
            throw new IllegalArgumentException(id + " is " + source.status() + "; only an active pattern can be split");
        }
        Set<String> members = new java.util.HashSet<>(store.members(project, id, Instant.EPOCH,
                Instant.parse("9999-01-01T00:00:00Z")));
        List<String> strangers = chosen.stream().filter(r -> !members.contains(r)).toList();
        if (!strangers.isEmpty()) {
            throw new IllegalArgumentException("not examples of " + id + ": " + String.join(", ", strangers));
        }
        if (chosen.size() >= members.size()) {
            throw new IllegalArgumentException("that is every example of " + id + "; rename it instead of splitting");
        }
        TextComposer composer = new TextComposer(dev.feedloop.triage.redact.Redactor.standard(), config.outputChars());
        List<String> texts = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        for (String requestId : chosen) {
            ResponseRecord r = store.response(project, requestId).orElseThrow(() -> new IllegalArgumentException(
                    "response " + requestId + " is no longer stored")).record();
            texts.add(composer.compose(r.userInput(), r.llmOutput()));
            first = first == null || r.timestamp().isBefore(first) ? r.timestamp() : first;
            last = last == null || r.timestamp().isAfter(last) ? r.timestamp() : last;
        }
        List<float[]> vectors = List.of(embeddings.embed(texts, EmbeddingService.Progress.NONE));
        String newId = "P-" + PatternWriter.nextNumber(store, project);
        PatternRecord split = new PatternRecord(project, newId, name.strip(), true, "Split off " + id + " by a reviewer"
                + " with " + chosen.size() + " examples.", false, source.keywords(), source.cause(),
                source.causeConfidence(), null, source.evidenceJson(), PatternStatus.OPEN, null, true, source.model(),
                Vectors.centroid(vectors), vectors.subList(0, Math.min(vectors.size(), config.exemplars())),
                chosen.size(), first, last);
        store.savePatterns(List.of(split, without(source, vectors)));
        store.reassignRequests(project, chosen, newId);
        Instant now = clock.instant();
        store.addPatternEvent(project, id, now, "split", chosen.size() + " examples split off into " + newId + " '"
                + split.name() + "'", actor);
        store.addPatternEvent(project, newId, now, "split_from", "split off " + id + " with " + chosen.size()
                + " examples: " + String.join(", ", chosen), actor);
        return split;
    }

    /** The source of a split without the split-off vectors: not among its exemplars, out of its centroid. */
    private PatternRecord without(PatternRecord source, List<float[]> gone) {
        List<float[]> kept = source.exemplars().stream()
                .filter(e -> gone.stream().noneMatch(g -> Vectors.dot(e, g) >= SAME_VECTOR)).toList();
        long remaining = Math.max(1, source.memberCount() - gone.size());
        float[] centroid = source.centroid();
        if (source.memberCount() > gone.size()) {
            // the direction of the members that stay: n * c - sum(gone), renormalised (c, a unit vector, stands
            // for the mean of all n; close enough for a direction that the next triage run moves again)
            float[] rest = new float[centroid.length];
            for (int i = 0; i < rest.length; i++) {
                rest[i] = centroid[i] * source.memberCount();
                for (float[] g : gone) {
                    rest[i] -= g[i];
                }
            }
            if (Vectors.dot(rest, rest) > 1e-12) {
                centroid = Vectors.l2Normalize(rest);
            }
        }
        return source.withMembers(centroid, kept, remaining, source.firstSeen(), source.lastSeen());
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
        store.addPatternEvent(project, from, now, "merged", "merged into " + into + moved, actor);
        store.addPatternEvent(project, into, now, "absorbed", "absorbed " + from + moved, actor);
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
        store.addPatternEvent(p.project(), p.patternId(), clock.instant(), kind, detail, actor);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
