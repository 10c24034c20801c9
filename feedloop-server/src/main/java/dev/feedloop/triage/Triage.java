package dev.feedloop.triage;

import dev.feedloop.analysis.Analyst;
import dev.feedloop.store.Assignment;
import dev.feedloop.store.NegativeRow;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.PatternView;
import dev.feedloop.store.ResponseSample;
import dev.feedloop.store.TriageStore;
import dev.feedloop.store.TriageRunRecord;
import dev.feedloop.triage.embed.Vectors;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One triage run over a window: select negatives, embed them (redacted, through the cache), assign
 * them to known patterns, cluster the rest, keep the clusters that fail clearly more often than
 * similar traffic (lift), describe and explain each pattern, and store it all with stable ids.
 *
 * <pre>{@code
 * TriageReport report = triage.run("default", from, to, Triage.Listener.NONE);
 * }</pre>
 */
public final class Triage {
    private static final Logger LOG = LoggerFactory.getLogger(Triage.class);
    /** Smallest cluster whose lift is worth measuring; smaller ones are noise. */
    static final int MIN_FRAGMENT = 3;

    /** Progress of a run, for a terminal or a log. */
    public interface Listener {
        void stage(String name);

        void embedded(int done, int total);

        Listener NONE = new Listener() {
            @Override
            public void stage(String name) {
            }

            @Override
            public void embedded(int done, int total) {
            }
        };
    }

    private final TriageStore store;
    private final EmbeddingService embeddings;
    private final Function<float[][], int[]> clusterer;
    private final TextComposer composer;
    private final TriageConfig config;
    private final Clock clock;
    /** A run of the LLM analyst for each triage run; null: offline. */
    private final java.util.function.Supplier<Analyst.Run> llm;

    /**
     * @param clusterer labels each vector with a cluster (or -1 for noise), finding the number of clusters itself
     */
    public Triage(TriageStore store, EmbeddingService embeddings, Function<float[][], int[]> clusterer,
            dev.feedloop.triage.redact.Redactor redactor, TriageConfig config, Clock clock) {
        this(store, embeddings, clusterer, redactor, config, clock, null);
    }

    /**
     * @param llm starts the LLM analyst's run for each triage run ({@link Analyst#startRun}, or
     *     {@link Analyst#startDryRun} to only show the requests); null: offline labels only
     */
    public Triage(TriageStore store, EmbeddingService embeddings, Function<float[][], int[]> clusterer,
            dev.feedloop.triage.redact.Redactor redactor, TriageConfig config, Clock clock,
            java.util.function.Supplier<Analyst.Run> llm) {
        this.llm = llm;
        this.store = store;
        this.embeddings = embeddings;
        this.clusterer = clusterer;
        this.composer = new TextComposer(redactor, config.outputChars());
        this.config = config;
        this.clock = clock;
    }

    public TriageConfig config() {
        return config;
    }

    private volatile Analyst.Run lastLlmRun;

    /** The requests the last run's LLM analyst would have sent, when it ran as a dry run; else empty. */
    public List<String> llmDryRunRequests() {
        Analyst.Run run = lastLlmRun;
        return run == null ? List.of() : run.dryRunRequests();
    }

    /**
     * Runs triage over [from, to) for a project and stores the result.
     *
     * @throws IllegalArgumentException when the window is empty or reversed
     */
    public TriageReport run(String project, Instant from, Instant to, Listener listener) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the window must start before it ends: " + from + " .. " + to);
        }
        // one run per project at a time, across instances: each numbers new patterns from the last stored id
        return store.exclusively("triage:" + project, () -> runLocked(project, from, to, listener));
    }

    private TriageReport runLocked(String project, Instant from, Instant to, Listener listener) {
        Instant started = clock.instant();
        String runId = "run-" + started.toString().substring(0, 10) + "-" + UUID.randomUUID().toString().substring(0, 8);
        listener.stage("detecting re-asks by meaning");
        new ReaskDetector(store, embeddings).detect(project, from, to);
        listener.stage("selecting negatives");
        List<NegativeRow> negatives = store.negatives(project, from, to, config.rules());
        if (negatives.isEmpty()) {
            return empty(project, runId, from, to, started);
        }
        listener.stage("embedding " + negatives.size() + " negatives");
        float[][] vectors = embeddings.embed(negatives.stream()
                .map(n -> composer.compose(n.userInput(), n.llmOutput())).toList(), listener::embedded);

        String model = embeddings.modelId();
        List<PatternRecord> patterns = store.patterns(project);
        // vectors of another model live in another space: those patterns cannot be matched
        patterns.stream().filter(p -> !model.equals(p.model()) && p.status() != PatternStatus.MERGED).forEach(p ->
                LOG.warn("pattern {} was embedded with {}, not {}; it is skipped until re-defined", p.patternId(),
                        p.model(), model));
        List<PatternRecord> usable = patterns.stream()
                .filter(p -> p.status() != PatternStatus.MERGED && model.equals(p.model())).toList();
        RunState state = new RunState(project, negatives, vectors, usable.stream()
                .filter(p -> p.view() == PatternView.QUESTION).toList());

        listener.stage("sampling all responses as the baseline for lift");
        List<ResponseSample> sample = store.sampleResponses(project, from, to, config.sampleSize(),
                from.toEpochMilli() ^ to.toEpochMilli());
        float[][] sampleVectors = embeddings.embed(sample.stream()
                .map(s -> composer.compose(s.userInput(), s.llmOutput())).toList(), EmbeddingService.Progress.NONE);
        Lift lift = new Lift(vectors, sampleVectors);

        listener.stage("looking for failures of the answer across questions");
        List<Group> answerGroups = answerGroups(state, sample, sampleVectors, patterns, usable);
        listener.stage("assigning to " + state.known.size() + " known patterns");
        assignKnown(state);
        listener.stage("clustering " + state.unassignedCount() + " new negatives");
        List<Group> accepted = clusterRest(state, lift);
        numberingOrder(accepted, negatives);
        int candidateCount = accepted.size();
        List<Group> knownGroups = state.knownGroups();
        for (Group g : knownGroups) {
            g.lift = lift.of(g.pattern.centroid(), g.members, vectors);
        }
        // answer patterns are numbered after the question patterns of the same run
        List<Group> newAnswerGroups = new ArrayList<>();
        for (Group g : answerGroups) {
            if (g.pattern == null) {
                newAnswerGroups.add(g);
                continue;
            }
            // a view whose pattern a reviewer merged into a question pattern feeds that pattern
            Group same = knownGroups.stream().filter(k -> k.id.equals(g.id)).findFirst().orElse(null);
            if (same == null) {
                knownGroups.add(g);
            } else {
                same.members.addAll(g.members);
            }
        }
        numberingOrder(newAnswerGroups, negatives);
        accepted.addAll(newAnswerGroups);

        listener.stage("describing patterns");
        PatternWriter writer = new PatternWriter(store, composer, config, clock, project, from, to, sample,
                embeddings.modelId());
        List<PatternRecord> toSave = new ArrayList<>();
        List<TriageReport.PatternSummary> summaries = new ArrayList<>();
        List<Group> all = new ArrayList<>(knownGroups);
        all.addAll(accepted);
        writer.describeAll(all, negatives, vectors, toSave, summaries);
        Map<String, Object> usage = null;
        List<AnalysisStep.Proposal> proposals = List.of();
        if (llm != null) {
            listener.stage("asking the LLM analyst about the patterns that are new or changed");
            Analyst.Run session = llm.get();
            AnalysisStep step = new AnalysisStep(store, session, composer, clock);
            step.apply(project, all, negatives, vectors, toSave, summaries);
            proposals = step.proposals;
            usage = usage(session.usage());
            lastLlmRun = session;
        }

        List<Assignment> assignments = new ArrayList<>(negatives.size());
        List<String> unassigned = new ArrayList<>();
        Map<Integer, String> ids = new HashMap<>();
        for (Group g : all) {
            g.members.forEach(i -> ids.put(i, g.id));
        }
        for (int i = 0; i < negatives.size(); i++) {
            NegativeRow n = negatives.get(i);
            String id = ids.get(i);
            assignments.add(new Assignment(n.requestId(), n.timestamp(), id, state.similarity[i] == 0 ? null
                    : state.similarity[i]));
            if (id == null) {
                unassigned.add(n.requestId());
            }
        }
        Map<String, Object> stats = new java.util.LinkedHashMap<>();
        stats.put("known_patterns", state.known.size());
        stats.put("assigned_to_known", state.assignedToKnown);
        stats.put("candidate_clusters", candidateCount);
        stats.put("new_patterns", accepted.size());
        stats.put("answer_patterns", answerGroups.size());
        stats.put("in_answer_patterns", answerGroups.stream().mapToInt(g -> g.members.size()).sum());
        stats.put("sample_size", sample.size());
        stats.put("embedding_model", embeddings.modelId());
        TriageReport report = new TriageReport(runId, from, to, negatives.size(), summaries.stream()
                .filter(s -> s.status() != PatternStatus.DISMISSED).toList(), unassigned, stats, usage);
        Instant finished = clock.instant();
        store.saveTriageRun(new TriageRunRecord(project, runId, from, to, started, finished, negatives.size(),
                TriageJson.write(report)), toSave, assignments);
        for (Group g : accepted) {
            store.addPatternEvent(project, g.id, finished, "created", "found by " + runId + " with "
                    + g.members.size() + " negatives, lift " + CauseAnalysis.round(g.lift));
        }
        for (AnalysisStep.Proposal p : proposals) {
            store.addPatternEvent(project, p.patternId(), finished, "merge_proposed", p.detail());
        }
        LOG.info("triage {} over {} .. {}: {} negatives, {} patterns ({} new), {} unassigned", runId, from, to,
                negatives.size(), summaries.size(), accepted.size(), unassigned.size());
        if (usage != null) {
            LOG.info("triage {}: LLM analyst {} {}: {} calls, {} input and {} output tokens, estimated cost {} USD{}",
                    runId, usage.get("provider"), usage.get("model"), usage.get("calls"), usage.get("input_tokens"),
                    usage.get("output_tokens"), usage.get("estimated_cost_usd") == null ? "unknown"
                    : usage.get("estimated_cost_usd"), usage.get("stopped_because") == null ? ""
                    : "; went offline part-way: " + usage.get("stopped_because"));
        }
        return report;
    }

    /** The triage JSON's {@code llm} object; null without an analyst. */
    static Map<String, Object> usage(dev.feedloop.analysis.Usage u) {
        if (u == null) {
            return null;
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("provider", u.provider());
        out.put("model", u.model());
        out.put("calls", u.calls());
        out.put("input_tokens", u.inputTokens());
        out.put("output_tokens", u.outputTokens());
        out.put("estimated_cost_usd", u.estimatedCostUsd());
        out.put("stopped_because", u.stoppedBecause());
        return out;
    }

    /** A window without negatives is a normal outcome: the run is stored with no patterns. */
    private TriageReport empty(String project, String runId, Instant from, Instant to, Instant started) {
        TriageReport report = new TriageReport(runId, from, to, 0, List.of(), List.of(),
                Map.of("known_patterns", 0, "assigned_to_known", 0, "candidate_clusters", 0, "new_patterns", 0,
                        "sample_size", 0), null);
        store.saveTriageRun(new TriageRunRecord(project, runId, from, to, started, clock.instant(), 0,
                TriageJson.write(report)), List.of(), List.of());
        LOG.info("triage {} over {} .. {}: no negatives", runId, from, to);
        return report;
    }

    /**
     * The answer patterns of this run ({@link AnswerViews}), each under the known pattern of its view
     * when there is one, so an answer pattern keeps its id week after week as a question pattern does.
     * Their members are taken out of the question view's assignment and clustering.
     */
    private List<Group> answerGroups(RunState state, List<ResponseSample> sample, float[][] sampleVectors,
            List<PatternRecord> all, List<PatternRecord> usable) {
        List<Group> out = new ArrayList<>();
        for (AnswerViews.Found f : new AnswerViews(config, clusterer, embeddings, composer)
                .find(state.negatives, state.vectors, sample, sampleVectors)) {
            PatternRecord known = knownFor(f.view(), all, usable);
            Group g = new Group(known, f.members(), known == null ? f.view() : known.view());
            g.lift = f.lift();
            g.viewEvidence = f.evidence();
            f.members().forEach(i -> state.taken[i] = true);
            out.add(g);
        }
        return out;
    }

    /**
     * The pattern an answer view's members join: the view's own (an open one before a dismissed one,
     * then the largest), or, when a reviewer merged it away, the pattern it was merged into; null
     * when the view has none yet.
     */
    static PatternRecord knownFor(PatternView view, List<PatternRecord> all, List<PatternRecord> usable) {
        PatternRecord own = usable.stream().filter(p -> p.view() == view)
                .max(java.util.Comparator.comparing((PatternRecord p) -> p.status() != PatternStatus.DISMISSED)
                        .thenComparingLong(PatternRecord::memberCount)).orElse(null);
        if (own != null) {
            return own;
        }
        Map<String, PatternRecord> byId = new HashMap<>();
        all.forEach(p -> byId.put(p.patternId(), p));
        for (PatternRecord p : all) {
            if (p.view() != view || p.status() != PatternStatus.MERGED) {
                continue;
            }
            PatternRecord target = p;
            for (int hops = 0; target != null && target.status() == PatternStatus.MERGED && hops < all.size(); hops++) {
                target = byId.get(target.mergedInto());
            }
            if (target != null && usable.contains(target)) {
                return target;
            }
        }
        return null;
    }

    private void assignKnown(RunState state) {
        List<Assigner.Target> targets = new ArrayList<>();
        for (PatternRecord p : state.known) {
            targets.add(new Assigner.Target(p.patternId(), p.centroid(), p.exemplars()));
        }
        Assigner assigner = new Assigner(targets, config.assignThreshold());
        for (int i = 0; i < state.vectors.length; i++) {
            if (state.taken[i]) {
                continue;
            }
            Assigner.Match m = assigner.match(state.vectors[i]);
            if (m.target() >= 0) {
                state.assignment[i] = m.target();
                state.similarity[i] = m.score();
                state.assignedToKnown++;
            }
        }
    }

    /**
     * Clusters the negatives no known pattern took. Only clusters that fail clearly more often than
     * similar traffic (lift) are kept; those are joined when they are fragments of one pattern, then
     * folded into a known pattern they match or kept as new patterns. Filtering before joining keeps a
     * popular topic's background negatives from diluting a real pattern's lift.
     */
    private List<Group> clusterRest(RunState state, Lift lift) {
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < state.assignment.length; i++) {
            if (state.assignment[i] < 0 && !state.taken[i]) {
                rest.add(i);
            }
        }
        List<Group> accepted = new ArrayList<>();
        if (rest.size() < config.minClusterSize()) {
            return accepted;
        }
        float[][] subset = new float[rest.size()][];
        for (int i = 0; i < subset.length; i++) {
            subset[i] = state.vectors[rest.get(i)];
        }
        int[] labels = clusterer.apply(subset);
        Map<Integer, List<Integer>> byLabel = new java.util.TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0) {
                byLabel.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(rest.get(i));
            }
        }
        List<List<Integer>> failing = new ArrayList<>();
        for (List<Integer> members : byLabel.values()) {
            if (members.size() >= MIN_FRAGMENT
                    && lift.of(new Group(null, members).centroid(state.vectors), members, state.vectors)
                            >= config.minLift()) {
                failing.add(members);
            }
        }
        for (List<Integer> members : Consolidation.merge(failing, state.vectors, config.consolidateThreshold())) {
            Group g = new Group(null, members);
            float[] c = g.centroid(state.vectors);
            int nearest = -1;
            double best = config.mergeThreshold();
            for (int k = 0; k < state.known.size(); k++) {
                double s = Vectors.dot(c, state.known.get(k).centroid());
                if (s >= best) {
                    best = s;
                    nearest = k;
                }
            }
            if (nearest >= 0) {
                for (int i : members) {
                    state.assignment[i] = nearest;
                    state.similarity[i] = Vectors.dot(state.vectors[i], state.known.get(nearest).centroid());
                }
                state.assignedToKnown += members.size();
            } else if (members.size() >= config.minClusterSize()) {
                g.lift = lift.of(c, members, state.vectors);
                accepted.add(g);
            }
        }
        return accepted;
    }

    /**
     * Sorts new patterns into the order their ids are numbered in: largest first, ties by the smallest
     * member request id. The clusterer's label order depends on its internals; this order depends on
     * the groups alone, so the same groups get the same ids in any run, and P-1 is the biggest.
     */
    static void numberingOrder(List<Group> groups, List<NegativeRow> negatives) {
        Map<Group, String> firstId = new HashMap<>();
        for (Group g : groups) {
            firstId.put(g, g.members.stream().map(i -> negatives.get(i).requestId()).min(String::compareTo)
                    .orElseThrow());
        }
        groups.sort(java.util.Comparator.<Group>comparingInt(g -> -g.members.size()).thenComparing(firstId::get));
    }

    /** Members of one pattern in this run: an existing pattern, or a new cluster (pattern null). */
    static final class Group {
        final PatternRecord pattern;
        final List<Integer> members;
        final PatternView view;
        String id;
        double lift;
        /** For an answer pattern: how its view found it ({@link AnswerViews.Found#evidence}); else null. */
        Map<String, Object> viewEvidence;

        Group(PatternRecord pattern, List<Integer> members) {
            this(pattern, members, PatternView.QUESTION);
        }

        Group(PatternRecord pattern, List<Integer> members, PatternView view) {
            this.pattern = pattern;
            this.members = members;
            this.view = view;
            this.id = pattern == null ? null : pattern.patternId();
        }

        float[] centroid(float[][] vectors) {
            List<float[]> vs = new ArrayList<>(members.size());
            members.forEach(i -> vs.add(vectors[i]));
            return Vectors.centroid(vs);
        }
    }

    private static final class RunState {
        final String project;
        final List<NegativeRow> negatives;
        final float[][] vectors;
        final List<PatternRecord> known;
        final int[] assignment;
        final double[] similarity;
        /** Taken by an answer pattern: neither assigned to a question pattern nor clustered. */
        final boolean[] taken;
        int assignedToKnown;

        RunState(String project, List<NegativeRow> negatives, float[][] vectors, List<PatternRecord> known) {
            this.project = project;
            this.negatives = negatives;
            this.vectors = vectors;
            this.known = known;
            this.assignment = new int[negatives.size()];
            this.similarity = new double[negatives.size()];
            this.taken = new boolean[negatives.size()];
            java.util.Arrays.fill(assignment, -1);
        }

        int unassignedCount() {
            int n = 0;
            for (int a : assignment) {
                n += a < 0 ? 1 : 0;
            }
            return n;
        }

        List<Group> knownGroups() {
            Map<Integer, List<Integer>> byPattern = new HashMap<>();
            for (int i = 0; i < assignment.length; i++) {
                if (assignment[i] >= 0) {
                    byPattern.computeIfAbsent(assignment[i], k -> new ArrayList<>()).add(i);
                }
            }
            List<Group> groups = new ArrayList<>();
            for (int k = 0; k < known.size(); k++) {
                List<Integer> members = byPattern.get(k);
                if (members != null) {
                    groups.add(new Group(known.get(k), members));
                }
            }
            return groups;
        }
    }
}
