package dev.feedloop.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.capture.CaptureRules;
import dev.feedloop.store.Cause;
import dev.feedloop.store.NegativeRow;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.PatternView;
import dev.feedloop.store.ResponseSample;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.triage.embed.Embedder;
import dev.feedloop.triage.redact.Redactor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answer views on a synthetic window of 30 topics, where a text's vector is its topic's axis (a
 * fake model and a clusterer that labels by axis: this tests the views, not embeddings): failures
 * of the answer spread over topics become answer patterns; a failure of one topic that shows the same
 * trait is left to the question view.
 */
class AnswerViewsTest {
    static final int TOPICS = 30;
    @TempDir
    Path dir;
    SqliteStore store;
    final SplittableRandom random = new SplittableRandom(7);

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("feedloop.db"), Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"),
                ZoneOffset.UTC), SqliteStore.Durability.NORMAL, CaptureRules.STANDARD);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void crossTopicTraits_becomeAnswerPatterns_andATopicsOwnRefusalsStayWithTheQuestionView() {
        List<ResponseSample> sample = new ArrayList<>();
        for (int j = 0; j < 1_500; j++) {
            int topic = j % TOPICS;
            // 1 % of all traffic cites an invented link, and topic 7's requests are refused a fifth of the time
            String answer = j % 100 == 0 ? normal(topic) + " See https://help.example/t" + topic + "/guide."
                    : topic == 7 && j % 5 == 0 ? refusal(topic) : normal(topic);
            sample.add(new ResponseSample("s" + j, Instant.EPOCH, "v1", "m", question(topic, j), answer, 0.8,
                    List.of("d" + topic), false, List.of()));
        }
        List<NegativeRow> negatives = new ArrayList<>();
        List<String> invented = new ArrayList<>();
        List<String> long_ = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            negatives.add(negative("bg" + i, i % TOPICS, normal(i % TOPICS), List.of("d" + i % TOPICS)));
        }
        for (int i = 0; i < 90; i++) {
            int topic = i % TOPICS;
            negatives.add(negative("link" + i, topic, normal(topic) + " Details: https://help.example/kb/" + (1000 + i)
                    + ".", List.of()));
            invented.add("link" + i);
        }
        for (int i = 0; i < 60; i++) {
            int topic = (i * 7) % TOPICS;
            negatives.add(negative("long" + i, topic, (normal(topic) + " ").repeat(6).strip(), List.of("d" + topic)));
            long_.add("long" + i);
        }
        for (int i = 0; i < 50; i++) {
            negatives.add(negative("refuse" + i, 7, refusal(7), List.of("d7")));
            refused.add("refuse" + i);
        }
        float[][] vectors = embed(negatives.stream().map(n -> n.userInput()).toList());
        float[][] sampleVectors = embed(sample.stream().map(s -> s.userInput()).toList());

        List<AnswerViews.Found> found = views().find(negatives, vectors, sample, sampleVectors);

        Map<PatternView, Set<String>> members = found.stream().collect(Collectors.toMap(AnswerViews.Found::view,
                f -> f.members().stream().map(i -> negatives.get(i).requestId()).collect(Collectors.toSet())));
        assertThat(members).containsOnlyKeys(PatternView.ANSWER_UNSUPPORTED_LINK, PatternView.ANSWER_LENGTH);
        assertThat(members.get(PatternView.ANSWER_UNSUPPORTED_LINK)).containsExactlyInAnyOrderElementsOf(invented);
        assertThat(members.get(PatternView.ANSWER_LENGTH)).containsExactlyInAnyOrderElementsOf(long_);
        AnswerViews.Found links = found.stream().filter(f -> f.view() == PatternView.ANSWER_UNSUPPORTED_LINK)
                .findFirst().orElseThrow();
        assertThat(links.lift()).isGreaterThan(10);
        assertThat(links.evidence()).containsEntry("view", "answer.unsupported_link").containsEntry("no_context_share",
                1.0);
        assertThat((long) links.evidence().get("question_areas")).isGreaterThanOrEqualTo(15);
    }

    @Test
    void aTraitAsCommonInTrafficAsAmongNegatives_isNoPattern() {
        List<ResponseSample> sample = new ArrayList<>();
        for (int j = 0; j < 1_500; j++) {
            int topic = j % TOPICS;
            String answer = j % 10 == 0 ? (normal(topic) + " ").repeat(6).strip() : normal(topic);
            sample.add(new ResponseSample("s" + j, Instant.EPOCH, "v1", "m", question(topic, j), answer, 0.8,
                    List.of("d" + topic), false, List.of()));
        }
        List<NegativeRow> negatives = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int topic = i % TOPICS;
            negatives.add(negative("n" + i, topic, i % 10 == 0 ? (normal(topic) + " ").repeat(6).strip()
                    : normal(topic), List.of("d" + topic)));
        }
        float[][] vectors = embed(negatives.stream().map(n -> n.userInput()).toList());
        float[][] sampleVectors = embed(sample.stream().map(s -> s.userInput()).toList());

        assertThat(views().find(negatives, vectors, sample, sampleVectors)).isEmpty();
    }

    @Test
    void knownFor_prefersTheViewsOpenPattern_andFollowsAReviewersMerge() {
        PatternRecord links = pattern("P-9", PatternView.ANSWER_UNSUPPORTED_LINK, PatternStatus.OPEN, null, 40);
        PatternRecord dismissed = pattern("P-10", PatternView.ANSWER_UNSUPPORTED_LINK, PatternStatus.DISMISSED, null,
                90);
        PatternRecord question = pattern("P-2", PatternView.QUESTION, PatternStatus.OPEN, null, 300);
        assertThat(Triage.knownFor(PatternView.ANSWER_UNSUPPORTED_LINK, List.of(links, dismissed, question),
                List.of(links, dismissed, question))).isEqualTo(links);
        assertThat(Triage.knownFor(PatternView.ANSWER_LANGUAGE, List.of(links, question), List.of(links, question)))
                .isNull();

        PatternRecord mergedAway = links.asMergedInto("P-2");
        assertThat(Triage.knownFor(PatternView.ANSWER_UNSUPPORTED_LINK, List.of(mergedAway, question),
                List.of(question))).as("a reviewer merged the view's pattern into P-2").isEqualTo(question);
    }

    private static PatternRecord pattern(String id, PatternView view, PatternStatus status, String mergedInto,
            long members) {
        return new PatternRecord("p", id, "n", false, "d", false, List.of(), Cause.UNKNOWN, 0.5, null, "{}", status,
                mergedInto, false, "topics", new float[] {1, 0}, List.of(), members, null, null, view);
    }

    private AnswerViews views() {
        Function<float[][], int[]> byAxis = xs -> {
            int[] labels = new int[xs.length];
            for (int i = 0; i < xs.length; i++) {
                int best = 0;
                for (int d = 1; d < xs[i].length; d++) {
                    best = xs[i][d] > xs[i][best] ? d : best;
                }
                labels[i] = best;
            }
            return labels;
        };
        return new AnswerViews(TriageConfig.DEFAULT, byAxis, new EmbeddingService(store, new TopicEmbedder()),
                new TextComposer(Redactor.standard(), 80));
    }

    private float[][] embed(List<String> texts) {
        return new EmbeddingService(store, new TopicEmbedder()).embed(texts, EmbeddingService.Progress.NONE);
    }

    private NegativeRow negative(String id, int topic, String answer, List<String> docs) {
        return new NegativeRow(id, Instant.EPOCH, "v1", "m", question(topic, random.nextInt(1000)), answer, null, null,
                Set.of("thumbs_down"), 0.8, docs, false, List.of());
    }

    private static String question(int topic, int variant) {
        return "topic" + topic + " how do I handle case " + variant + " for my booking?";
    }

    private static String normal(int topic) {
        return "For topic" + topic + ", open Manage trip, choose the booking and follow the steps shown there.";
    }

    private static String refusal(int topic) {
        return "I'm sorry, but I can't help with topic" + topic + " requests.";
    }

    /** A text's vector is the axis of its topic ("topicN" in it), slightly tilted by its length. */
    static final class TopicEmbedder implements Embedder {
        @Override
        public String modelId() {
            return "topics";
        }

        @Override
        public int dimension() {
            return TOPICS;
        }

        @Override
        public String canonical(String text) {
            return text;
        }

        @Override
        public List<float[]> embed(List<String> texts) {
            List<float[]> out = new ArrayList<>(texts.size());
            for (String t : texts) {
                int at = t.indexOf("topic");
                int end = at + 5;
                while (end < t.length() && Character.isDigit(t.charAt(end))) {
                    end++;
                }
                int topic = Integer.parseInt(t.substring(at + 5, end));
                float[] v = new float[TOPICS];
                v[topic] = 1f;
                v[(topic + 1) % TOPICS] = 0.01f * (t.length() % 7);
                out.add(dev.feedloop.triage.embed.Vectors.l2Normalize(v));
            }
            return out;
        }
    }
}
