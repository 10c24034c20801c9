package dev.feedloop.triage;

import dev.feedloop.store.NegativeRow;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.ResponseSample;
import dev.feedloop.store.TriageStore;
import dev.feedloop.triage.embed.Vectors;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import dev.feedloop.triage.describe.ClusterDescriber;
import dev.feedloop.triage.describe.ClusterDescription;
import dev.feedloop.triage.describe.ClusterMembers;
import dev.feedloop.triage.describe.Representative;
import dev.feedloop.text.Tokenizer;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns the groups of one run into stored patterns and report entries: keywords, name, examples,
 * cause with evidence, updated centroid and exemplars, status. Human edits stick: a locked name, a
 * reviewed description, an overridden cause and a dismissed or resolved status are kept.
 */
final class PatternWriter {
    /** Six keywords and three examples per pattern: enough to read, short enough for a ticket title line. */
    private static final ClusterDescriber DESCRIBER = new ClusterDescriber(Tokenizer.english(), 6, 3);

    private final TriageStore store;
    private final TextComposer composer;
    private final TriageConfig config;
    private final Clock clock;
    private final String project;
    private final List<ResponseSample> sample;
    private final Instant from;
    private final Instant to;
    private final String embeddingModel;
    private Map<String, NegativeRow> history;

    PatternWriter(TriageStore store, TextComposer composer, TriageConfig config, Clock clock, String project, Instant from,
            Instant to, List<ResponseSample> sample, String embeddingModel) {
        this.embeddingModel = embeddingModel;
        this.store = store;
        this.composer = composer;
        this.config = config;
        this.clock = clock;
        this.project = project;
        this.sample = sample;
        this.from = from;
        this.to = to;
    }

    void describeAll(List<Triage.Group> groups, List<NegativeRow> negatives, float[][] vectors,
            List<PatternRecord> toSave, List<TriageReport.PatternSummary> summaries) {
        List<ClusterMembers> clusters = new ArrayList<>();
        for (Triage.Group g : groups) {
            List<String> inputs = new ArrayList<>(g.members.size());
            List<float[]> memberVectors = new ArrayList<>(g.members.size());
            for (int i : g.members) {
                inputs.add(composer.redact(negatives.get(i).userInput().strip()));
                memberVectors.add(vectors[i]);
            }
            clusters.add(new ClusterMembers(inputs, memberVectors));
        }
        List<String> background = sample.stream().map(s -> composer.redact(s.userInput())).toList();
        List<ClusterDescription> descriptions = DESCRIBER.describe(clusters, background);
        int next = nextNumber(store, project);
        Instant now = clock.instant();
        for (int k = 0; k < groups.size(); k++) {
            Triage.Group g = groups.get(k);
            if (g.id == null) {
                g.id = "P-" + next++;
            }
            List<NegativeRow> members = new ArrayList<>(g.members.size());
            g.members.forEach(i -> members.add(negatives.get(i)));
            ClusterDescription description = descriptions.get(k);
            PatternRecord record = record(g, members, vectors, description, now);
            toSave.add(record);
            summaries.add(new TriageReport.PatternSummary(record.patternId(), record.name(), record.description(),
                    record.keywords(), record.effectiveCause(), record.causeConfidence(), members.size(),
                    g.pattern == null, record.status(), CauseAnalysis.round(g.lift),
                    description.examples().stream().map(Representative::text).toList(), evidence(record),
                    members.stream().map(NegativeRow::requestId).toList(),
                    FixSuggestions.offline(record.effectiveCause(), record.patternId())));
        }
    }

    private PatternRecord record(Triage.Group g, List<NegativeRow> members, float[][] vectors,
            ClusterDescription description, Instant now) {
        List<String> keywords = description.keywordTerms();
        float[] runCentroid = g.centroid(vectors);
        // the cause is judged on the pattern's whole life, not one week: a fix may have changed this week
        Instant since = g.pattern != null && g.pattern.firstSeen() != null && g.pattern.firstSeen().isBefore(from)
                ? g.pattern.firstSeen() : from;
        List<NegativeRow> lifetime = new ArrayList<>(members);
        if (since.isBefore(from)) {
            Map<String, NegativeRow> earlier = history(since);
            for (String id : store.members(project, g.id, since, from)) {
                NegativeRow row = earlier.get(id);
                if (row != null) {
                    lifetime.add(row);
                }
            }
        }
        CauseAnalysis.Verdict verdict = CauseAnalysis.judge(lifetime, sample,
                store.countResponsesBy(project, since, to, TriageStore.Dimension.PROMPT_VERSION),
                store.countResponsesBy(project, since, to, TriageStore.Dimension.MODEL), g.lift);
        String evidence = dev.feedloop.store.JsonText.write(verdict.evidence());
        PatternRecord old = g.pattern;
        String name = old != null && old.nameLocked() ? old.name() : description.name();
        String summary = describe(members, verdict, g.lift);
        if (old == null) {
            return new PatternRecord(project, g.id, name, false, summary, keywords, verdict.cause(),
                    verdict.confidence(), null, evidence, PatternStatus.NEW, null, false, embeddingModel, runCentroid,
                    exemplars(g, vectors, runCentroid), members.size(), first(members), last(members));
        }
        // The centroid moves with new members but keeps most of its history, so identity drifts slowly.
        double oldWeight = Math.max(old.memberCount(), members.size());
        float[] centroid = Vectors.blend(old.centroid().clone(), oldWeight, runCentroid, members.size());
        List<float[]> exemplars = new ArrayList<>(old.exemplars());
        for (float[] e : exemplars(g, vectors, runCentroid)) {
            if (exemplars.size() >= config.exemplars()) {
                break;
            }
            exemplars.add(e);
        }
        PatternStatus status = old.status() == PatternStatus.NEW ? PatternStatus.OPEN : old.status();
        Instant firstSeen = old.firstSeen() == null || first(members).isBefore(old.firstSeen()) ? first(members)
                : old.firstSeen();
        Instant lastSeen = old.lastSeen() == null || last(members).isAfter(old.lastSeen()) ? last(members)
                : old.lastSeen();
        // a description a reviewer wrote is kept, as a locked name is
        String text = old.descriptionLocked() ? old.description() : summary;
        return new PatternRecord(project, old.patternId(), name, old.nameLocked(), text,
                old.descriptionLocked(), old.manual() && keywords.isEmpty() ? old.keywords() : keywords, verdict.cause(),
                verdict.confidence(), old.causeOverride(), evidence, status, old.mergedInto(), old.manual(),
                old.model(), centroid, exemplars, members.size(), firstSeen, lastSeen);
    }

    /** Members spread over the cluster: every k-th by similarity to the centroid, most typical first. */
    private List<float[]> exemplars(Triage.Group g, float[][] vectors, float[] centroid) {
        List<Integer> sorted = new ArrayList<>(g.members);
        sorted.sort(Comparator.comparingDouble((Integer i) -> -Vectors.dot(vectors[i], centroid)));
        int want = Math.min(config.exemplars(), sorted.size());
        List<float[]> out = new ArrayList<>(want);
        for (int j = 0; j < want; j++) {
            out.add(vectors[sorted.get((int) ((long) j * sorted.size() / want))]);
        }
        return out;
    }

    private static String describe(List<NegativeRow> members, CauseAnalysis.Verdict verdict, double lift) {
        @SuppressWarnings("unchecked")
        Map<String, Object> signals = (Map<String, Object>) verdict.evidence().get("signals");
        String top = signals.entrySet().stream().sorted((a, b) -> Double.compare((double) b.getValue(),
                (double) a.getValue())).limit(2).map(e -> e.getKey() + " " + Math.round((double) e.getValue() * 100)
                + "%").reduce((a, b) -> a + ", " + b).orElse("no signal");
        return members.size() + " negative responses (" + top + "), "
                + (Double.isNaN(lift) ? "" : String.format("failing %.1fx as often as similar traffic; ", lift))
                + "likely cause: " + verdict.cause().wire().replace('_', ' ') + ".";
    }

    /** Negatives from the earliest first-seen of any known pattern up to this run, loaded once. */
    private Map<String, NegativeRow> history(Instant since) {
        if (history == null) {
            Instant earliest = since;
            for (PatternRecord p : store.patterns(project)) {
                if (p.firstSeen() != null && p.firstSeen().isBefore(earliest)) {
                    earliest = p.firstSeen();
                }
            }
            history = new java.util.HashMap<>();
            for (NegativeRow n : store.negatives(project, earliest, from, config.rules())) {
                history.put(n.requestId(), n);
            }
        }
        return history;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> evidence(PatternRecord record) {
        return dev.feedloop.store.JsonText.read(record.evidenceJson());
    }

    /** The next free number of the project's P-n ids. */
    static int nextNumber(TriageStore store, String project) {
        int max = 0;
        for (PatternRecord p : store.patterns(project)) {
            if (p.patternId().startsWith("P-")) {
                try {
                    max = Math.max(max, Integer.parseInt(p.patternId().substring(2)));
                } catch (NumberFormatException ignored) {
                    // a hand-named id: not part of the sequence
                }
            }
        }
        return max + 1;
    }

    private static Instant first(List<NegativeRow> members) {
        return members.stream().map(NegativeRow::timestamp).min(Instant::compareTo).orElseThrow();
    }

    private static Instant last(List<NegativeRow> members) {
        return members.stream().map(NegativeRow::timestamp).max(Instant::compareTo).orElseThrow();
    }
}
