package dev.feedloop.triage;

import dev.feedloop.store.NegativeRow;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.PatternView;
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
            List<String> examples = g.view.answerSide() ? answerExamples(g, negatives, vectors)
                    : description.examples().stream().map(Representative::text).toList();
            summaries.add(new TriageReport.PatternSummary(record.patternId(), record.name(), record.description(),
                    record.keywords(), record.effectiveCause(), record.causeConfidence(), members.size(),
                    g.pattern == null, record.status(), CauseAnalysis.round(g.lift), examples, evidence(record),
                    members.stream().map(NegativeRow::requestId).toList(),
                    FixSuggestions.offline(record.effectiveCause(), record.patternId()), record.view()));
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
        if (g.view.answerSide()) {
            verdict.evidence().put("view", g.viewEvidence);
            keywords = List.of(g.view.wire());
        }
        String evidence = dev.feedloop.store.JsonText.write(verdict.evidence());
        PatternRecord old = g.pattern;
        String generated = g.view.answerSide() ? answerName(g.view) : description.name();
        String name = old != null && old.nameLocked() ? old.name() : generated;
        String summary = g.view.answerSide() ? describeAnswer(g, members, verdict) : describe(members, verdict, g.lift);
        if (old == null) {
            return new PatternRecord(project, g.id, name, false, summary, false, keywords, verdict.cause(),
                    verdict.confidence(), null, evidence, PatternStatus.NEW, null, false, embeddingModel, runCentroid,
                    exemplars(g, vectors, runCentroid), members.size(), first(members), last(members), g.view);
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
                old.model(), centroid, exemplars, members.size(), firstSeen, lastSeen, old.view());
    }

    /** An answer pattern's generated name: its view's phrase, capitalised. */
    static String answerName(PatternView view) {
        String phrase = view.phrase();
        return Character.toUpperCase(phrase.charAt(0)) + phrase.substring(1);
    }

    /**
     * An answer pattern's description: what its members share, how widely it is spread over kinds of
     * question, how much more often it fails than other traffic, and the likely cause with the prompt
     * version or model it points at.
     */
    private static String describeAnswer(Triage.Group g, List<NegativeRow> members, CauseAnalysis.Verdict verdict) {
        Map<String, Object> view = g.viewEvidence;
        StringBuilder out = new StringBuilder().append(members.size()).append(" negative responses: ")
                .append(g.view.phrase());
        if (view != null) {
            out.append(", across ").append(view.get("question_areas")).append(" of ")
                    .append(view.get("question_areas_total")).append(" question areas");
            if (view.get("length_ratio_median") != null) {
                out.append(" (median ").append(view.get("length_ratio_median")).append("x the usual length)");
            }
            if (view.get("no_context_share") != null) {
                out.append(" (").append(Math.round((double) view.get("no_context_share") * 100))
                        .append("% with no retrieved context)");
            }
        }
        out.append(Double.isNaN(g.lift) ? "" : String.format(java.util.Locale.ROOT,
                "; this trait is %.1fx as common among negatives as in all traffic", g.lift));
        out.append("; likely cause: ").append(verdict.cause().wire().replace('_', ' '));
        String pointer = pointer(verdict);
        return out.append(pointer.isEmpty() ? "" : " (" + pointer + ")").append('.').toString();
    }

    /** The prompt version or model the cause evidence points at, as "rate highest on support-v2". */
    @SuppressWarnings("unchecked")
    private static String pointer(CauseAnalysis.Verdict verdict) {
        String key = switch (verdict.cause()) {
            case PROMPT -> "prompt_versions";
            case MODEL_LIMITATION -> "models";
            default -> null;
        };
        if (key == null) {
            return "";
        }
        Map<String, Object> rates = (Map<String, Object>) verdict.evidence().get(key);
        Object highest = rates == null ? null : rates.get("highest");
        return highest == null || (double) rates.get("spread") < CauseAnalysis.PERSISTENT_RATIO ? ""
                : "rate highest on " + highest;
    }

    /**
     * Three members spread from the most typical to the least, each as the question and the opening
     * of its answer (around the invented link for that view), redacted.
     */
    private List<String> answerExamples(Triage.Group g, List<NegativeRow> negatives, float[][] vectors) {
        float[] centroid = g.centroid(vectors);
        List<Integer> sorted = new ArrayList<>(g.members);
        sorted.sort(Comparator.comparingDouble((Integer i) -> -Vectors.dot(vectors[i], centroid)));
        int want = Math.min(3, sorted.size());
        List<String> out = new ArrayList<>(want);
        for (int j = 0; j < want; j++) {
            NegativeRow n = negatives.get(sorted.get((int) ((long) j * sorted.size() / want)));
            String answer = n.llmOutput().strip();
            int at = 0;
            if (g.view == PatternView.ANSWER_UNSUPPORTED_LINK) {
                List<String> links = dev.feedloop.triage.answer.AnswerTraits.unsupportedLinks(answer, n.userInput(),
                        n.contextLinks());
                int found = links.isEmpty() ? -1 : answer.indexOf(links.get(0).split("/")[0]);
                at = Math.max(0, found - 60);
            }
            String excerpt = answer.substring(at, Math.min(answer.length(), at + 160));
            out.add(composer.redact(n.userInput().strip()) + " → " + (at > 0 ? "…" : "")
                    + composer.redact(excerpt) + (at + 160 < answer.length() ? "…" : ""));
        }
        return out;
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
