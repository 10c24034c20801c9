package dev.feedloop.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.capture.CaptureRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} has, whatever the database: each implementation's test extends
 * this class and says how to open a fresh, empty store.
 */
public abstract class StoreContract {
    protected static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    protected static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");

    protected Store store;

    /** A fresh, empty store (the same one again when called twice in a test is not required). */
    protected abstract Store open(Clock clock);

    @BeforeEach
    void openStore() {
        store = open(CLOCK);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static ResponseRecord response(String requestId, String session, Instant ts, String input) {
        return new ResponseRecord("default", requestId, ts, "v1", "model-x", input, "output of " + requestId,
                List.of(new RetrievedDoc("kb-1", "doc text", 0.4), new RetrievedDoc("kb-2", null, null)), session,
                "u_0123", Map.of("team", "billing", "env", "prod"));
    }

    static ResponseRecord response(String requestId, Instant ts, String version, String model) {
        return new ResponseRecord("default", requestId, ts, version, model, "question " + requestId,
                "answer " + requestId, List.of(), null, null, Map.of());
    }

    static FeedbackRecord feedback(String eventId, String requestId) {
        return new FeedbackRecord("default", eventId, requestId, NOW, ImplicitSignal.EDITED, 2, Thumbs.DOWN,
                "edited text", "a comment");
    }

    static FeedbackRecord signal(String eventId, String requestId, ImplicitSignal signal) {
        return new FeedbackRecord("default", eventId, requestId, NOW, signal, null, null, null, null);
    }

    static FeedbackRecord rating(String eventId, String requestId, int rating) {
        return new FeedbackRecord("default", eventId, requestId, NOW, null, rating, null, null, null);
    }

    private void write(ResponseRecord... responses) {
        store.write(new Batch(List.of(responses), List.of()));
    }

    private void write(FeedbackRecord... feedback) {
        store.write(new Batch(List.of(), List.of(feedback)));
    }

    // ---- capture

    @Test
    void write_thenRead_returnsEveryField() {
        ResponseRecord r = response("s-1", "sess", NOW.minusSeconds(60), "question");
        FeedbackRecord f = feedback("e-1", "s-1");

        WriteResult result = store.write(new Batch(List.of(r), List.of(f)));

        assertThat(result.responsesStored()).containsExactly(true);
        assertThat(result.feedbackStored()).containsExactly(true);
        assertThat(store.response("default", "s-1")).hasValue(new StoredResponse(r, false));
        assertThat(store.feedback("default", "s-1")).singleElement().satisfies(stored -> {
            assertThat(stored.record()).isEqualTo(f);
            assertThat(stored.editMagnitude()).isNotNull();
        });
    }

    @Test
    void write_textWithAnyUnicode_readsBackUnchanged() {
        String text = "emoji \uD83D\uDE00, NUL \u0000, CJK \u4E2D\u6587, RTL \u05E9\u05DC\u05D5\u05DD, tab\t, e\u0301,"
                + " noncharacter \uFFFF0 \uFFFF";
        ResponseRecord r = new ResponseRecord("default", "uni", NOW, "v1", null, text, text,
                List.of(new RetrievedDoc("doc", text, 0.5)), null, null, Map.of("k", text));
        FeedbackRecord f = new FeedbackRecord("default", "uni-e", "uni", NOW, ImplicitSignal.EDITED, null, null,
                text + "!", text);

        store.write(new Batch(List.of(r), List.of(f)));

        assertThat(store.response("default", "uni").orElseThrow().record()).isEqualTo(r);
        assertThat(store.feedback("default", "uni").get(0).record()).isEqualTo(f);
    }

    @Test
    void write_timestampWithNanoseconds_isKeptToTheMillisecond() {
        Instant precise = Instant.parse("2026-11-20T09:30:00.123456789Z");
        write(response("ns", null, precise, "q"));

        assertThat(store.response("default", "ns").orElseThrow().record().timestamp())
                .isEqualTo(Instant.parse("2026-11-20T09:30:00.123Z"));
    }

    @Test
    void write_duplicatesInOneBatch_areReportedPerItem() {
        WriteResult result = store.write(new Batch(
                List.of(response("d-1", null, NOW, "q"), response("d-1", null, NOW, "q"), response("d-2", null, NOW, "q")),
                List.of(feedback("de-1", "d-1"), feedback("de-1", "d-1"))));

        assertThat(result.responsesStored()).containsExactly(true, false, true);
        assertThat(result.feedbackStored()).containsExactly(true, false);
        assertThat(result.stored()).isEqualTo(3);
        assertThat(result.duplicates()).isEqualTo(2);
    }

    @Test
    void write_again_isIdempotent_andKeepsTheFirstRecord() {
        write(response("i-1", null, NOW, "first"));
        WriteResult again = store.write(new Batch(List.of(response("i-1", null, NOW, "second")), List.of()));

        assertThat(again.responsesStored()).containsExactly(false);
        assertThat(store.response("default", "i-1").orElseThrow().record().userInput()).isEqualTo("first");
    }

    @Test
    void sameIdsInTwoProjects_areTwoRecords() {
        ResponseRecord a = response("p-1", null, NOW, "q");
        ResponseRecord b = new ResponseRecord("other", "p-1", NOW, "v9", null, "q", "a", List.of(), null, null, Map.of());

        assertThat(store.write(new Batch(List.of(a, b), List.of())).stored()).isEqualTo(2);
        assertThat(store.response("other", "p-1").orElseThrow().record().promptVersion()).isEqualTo("v9");
        assertThat(store.response("default", "p-1").orElseThrow().record().promptVersion()).isEqualTo("v1");
        assertThat(store.projects()).containsExactly("default", "other");
    }

    @Test
    void read_unknown_isEmpty() {
        assertThat(store.response("default", "nope")).isEmpty();
        assertThat(store.feedback("default", "nope")).isEmpty();
        assertThat(store.writable()).isTrue();
    }

    @Test
    void editBeforeItsResponse_getsItsMagnitudeWhenTheResponseArrives() {
        write(new FeedbackRecord("default", "early", "late-r", NOW, ImplicitSignal.EDITED, null, null,
                "a completely different text", null));
        assertThat(store.feedback("default", "late-r").get(0).editMagnitude()).isNull();

        write(response("late-r", null, NOW, "q"));

        assertThat(store.feedback("default", "late-r").get(0).editMagnitude()).isGreaterThan(0.3);
    }

    @Test
    void concurrentWriters_everyRecordIsStoredAndReportedExactlyOnce() throws Exception {
        int threads = 8;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> stored = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                stored.add(pool.submit(() -> {
                    int fresh = 0;
                    for (int i = 0; i < perThread; i++) {
                        String id = "c-" + i;
                        WriteResult r = store.write(new Batch(List.of(response(id, null, NOW, "q")),
                                List.of(feedback("ce-" + i, id))));
                        fresh += r.stored();
                    }
                    return fresh;
                }));
            }
            int total = 0;
            for (Future<Integer> f : stored) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(2 * perThread);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.countResponses("default", NOW, NOW.plusMillis(1), null)).isEqualTo(perThread);
        for (int i = 0; i < perThread; i++) {
            assertThat(store.feedback("default", "c-" + i)).hasSize(1);
        }
    }

    @Test
    void concurrentWriters_aQuestionAndItsReask_inTwoWritesAtOnce_markTheEarlierOne() throws Exception {
        // two writes of one session that commit at the same moment do not see each other's rows;
        // whichever commits last must still find the pair
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        int sessions = 60;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<?>> writes = new ArrayList<>();
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                for (int k = 0; k < sessions; k++) {
                    String session = "cr-" + round + "-" + k;
                    for (String which : k % 2 == 0 ? List.of("a", "b") : List.of("b", "a")) {
                        Instant at = which.equals("a") ? t : t.plusSeconds(30);
                        writes.add(pool.submit(() -> {
                            start.await();
                            return store.write(new Batch(List.of(response(session + "-" + which, session, at,
                                    "where is my refund for order " + session)), List.of()));
                        }));
                    }
                }
                start.countDown();
                for (Future<?> w : writes) {
                    w.get(60, TimeUnit.SECONDS);
                }
                for (int k = 0; k < sessions; k++) {
                    String session = "cr-" + round + "-" + k;
                    assertThat(store.response("default", session + "-a").orElseThrow().reasked())
                            .as("the first question of %s", session).isTrue();
                    assertThat(store.response("default", session + "-b").orElseThrow().reasked())
                            .as("the re-ask of %s", session).isFalse();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void asyncWrites_manyAtOnce_eachAnswersForItsOwnRecords_aRepeatIsStoredOnce() throws Exception {
        List<java.util.concurrent.CompletableFuture<WriteResult>> answers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String id = "a-" + (i % 200); // the last 100 repeat the first 100
            answers.add(store.writeAsync(new Batch(List.of(response(id, null, NOW, "q")),
                    List.of(feedback("ae-" + (i % 200), id)))));
        }
        int stored = 0;
        for (var answer : answers) {
            WriteResult r = answer.get(60, TimeUnit.SECONDS);
            assertThat(r.responsesStored()).hasSize(1);
            assertThat(r.feedbackStored()).hasSize(1);
            stored += r.stored();
        }
        assertThat(stored).isEqualTo(2 * 200);
        assertThat(store.countResponses("default", NOW, NOW.plusMillis(1), null)).isEqualTo(200);
        assertThat(store.feedback("default", "a-7")).hasSize(1);
    }

    @Test
    void reask_exactlyAtTheWindowEdge_counts_andOneMillisecondMoreDoesNot() {
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        write(response("w-1", "s", t, "reset my password please"),
                response("w-2", "s", t.plus(CaptureRules.REASK_WINDOW), "reset my password please"));
        write(response("w-3", "s2", t, "reset my password please"),
                response("w-4", "s2", t.plus(CaptureRules.REASK_WINDOW).plusMillis(1), "reset my password please"));

        assertThat(store.response("default", "w-1").orElseThrow().reasked()).isTrue();
        assertThat(store.response("default", "w-3").orElseThrow().reasked()).isFalse();
    }

    @Test
    void reask_laterQuestionStoredFirst_marksTheEarlierOne() {
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        write(response("o-2", "so", t.plusSeconds(60), "where is my refund"));
        write(response("o-1", "so", t, "where is my refund"));

        assertThat(store.response("default", "o-1").orElseThrow().reasked()).isTrue();
        assertThat(store.response("default", "o-2").orElseThrow().reasked()).isFalse();
    }

    @Test
    void duplicateResponse_doesNotRecomputeReasks() {
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        write(response("x-1", "sx", t, "reset my password please"));
        write(response("x-1", "sx", t.plusSeconds(30), "reset my password please"));

        assertThat(store.response("default", "x-1").orElseThrow().reasked()).isFalse();
    }

    @Test
    void duplicateResponse_inAnotherSession_marksNothingOfItsBatch_whileTheOthersAreMarked() {
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        write(response("d-1", "elsewhere", t.minus(Duration.ofDays(2)), "where is my refund"),
                response("d-3", "sd3", t, "reset my password please"));
        write(response("d-2", "sd", t, "where is my refund"),
                response("d-1", "sd", t.plusSeconds(60), "where is my refund"),
                response("d-4", "sd3", t.plusSeconds(60), "reset my password please"));

        assertThat(store.response("default", "d-2").orElseThrow().reasked()).isFalse();
        assertThat(store.response("default", "d-1").orElseThrow().reasked()).isFalse();
        assertThat(store.response("default", "d-3").orElseThrow().reasked()).isTrue();
        assertThat(store.response("default", "d-4").orElseThrow().reasked()).isFalse();
    }

    // ---- triage reads

    @Test
    void negatives_selectsByTheRules_withTheirSignals_oldestFirst() {
        Instant t = DAY.plusSeconds(3600);
        write(response("n-regen", t.plusSeconds(1), "v1", "m"), response("n-rating", t.plusSeconds(2), "v1", "m"),
                response("n-good", t.plusSeconds(3), "v1", "m"), response("n-thumb", t.plusSeconds(4), "v1", "m"),
                response("n-outside", DAY.minusSeconds(1), "v1", "m"));
        write(signal("f1", "n-regen", ImplicitSignal.REGENERATED), rating("f2", "n-rating", 2),
                rating("f3", "n-good", 5), signal("f4", "n-good", ImplicitSignal.ACCEPTED),
                new FeedbackRecord("default", "f5", "n-thumb", NOW, null, null, Thumbs.DOWN, null, null),
                signal("f6", "n-outside", ImplicitSignal.ABANDONED));

        List<NegativeRow> rows = store.negatives("default", DAY, DAY.plus(Duration.ofDays(1)), NegativeRules.DEFAULT);

        assertThat(rows).extracting(NegativeRow::requestId).containsExactly("n-regen", "n-rating", "n-thumb");
        assertThat(rows.get(0).signals()).containsExactly("regenerated");
        assertThat(rows.get(1).signals()).containsExactly("rating");
        assertThat(rows.get(2).signals()).containsExactly("thumbs_down");
        assertThat(rows.get(0).timestamp()).isEqualTo(t.plusSeconds(1));
    }

    @Test
    void negatives_editAndReask_carryTheEditAndTheContext() {
        Instant t = DAY.plusSeconds(7200);
        write(response("e-1", "se", t, "how do I reset my password"));
        write(new FeedbackRecord("default", "ed-1", "e-1", NOW, ImplicitSignal.EDITED, null, null,
                "Something else entirely, rewritten from scratch", null));
        write(response("e-2", "se", t.plusSeconds(30), "how do I reset my password"));

        List<NegativeRow> rows = store.negatives("default", DAY, DAY.plus(Duration.ofDays(1)), NegativeRules.DEFAULT);

        assertThat(rows).extracting(NegativeRow::requestId).containsExactly("e-1");
        NegativeRow row = rows.get(0);
        assertThat(row.signals()).contains("edit", "reasked");
        assertThat(row.editedOutput()).isEqualTo("Something else entirely, rewritten from scratch");
        assertThat(row.editMagnitude()).isGreaterThanOrEqualTo(0.3);
        assertThat(row.docIds()).containsExactly("kb-1", "kb-2");
        assertThat(row.maxRetrievalScore()).isEqualTo(0.4);
        assertThat(row.contextTruncated()).isFalse();
    }

    @Test
    void negatives_otherRules_selectOtherRows() {
        write(response("r-1", DAY.plusSeconds(1), "v1", "m"), response("r-2", DAY.plusSeconds(2), "v1", "m"));
        write(signal("a1", "r-1", ImplicitSignal.ACCEPTED), rating("a2", "r-2", 3));
        NegativeRules acceptedAndThree = new NegativeRules(Set.of("accepted"), false, 1.0, false, 3, false);

        assertThat(store.negatives("default", DAY, DAY.plusSeconds(10), acceptedAndThree))
                .extracting(NegativeRow::requestId).containsExactly("r-1", "r-2");
        assertThat(store.negatives("default", DAY, DAY.plusSeconds(10), NegativeRules.DEFAULT)).isEmpty();
    }

    @Test
    void negativeTextsIngestedAfter_findsNewNegatives() {
        write(response("t-1", DAY.plusSeconds(1), "v1", "m"), response("t-2", DAY.plusSeconds(2), "v1", "m"));
        write(signal("tf", "t-1", ImplicitSignal.ABANDONED));

        assertThat(store.negativeTextsIngestedAfter("default", NOW.minusSeconds(1), NegativeRules.DEFAULT))
                .containsExactly(new TriageStore.NegativeText("t-1", "question t-1", "answer t-1"));
        assertThat(store.negativeTextsIngestedAfter("default", NOW, NegativeRules.DEFAULT)).isEmpty();
    }

    @Test
    void sessionPairs_openAnswersOnly_andMarkReasked() {
        Instant t = DAY.plusSeconds(100);
        write(response("sp-1", "pair", t, "what is the baggage fee"),
                response("sp-2", "pair", t.plusSeconds(60), "how much to check a bag"),
                response("sp-3", "done", t, "cancel my booking"),
                response("sp-4", "done", t.plusSeconds(60), "I want to cancel"));
        write(rating("good", "sp-3", 5));

        List<TriageStore.SessionPair> pairs = store.sessionPairs("default", DAY, DAY.plus(Duration.ofDays(1)),
                CaptureRules.REASK_WINDOW);
        assertThat(pairs).containsExactly(new TriageStore.SessionPair("sp-1", "what is the baggage fee", "sp-2",
                "how much to check a bag"));
        assertThat(store.sessionPairsIngestedAfter("default", NOW.minusSeconds(1), CaptureRules.REASK_WINDOW))
                .isEqualTo(pairs);

        store.markReasked("default", List.of("sp-1"));

        assertThat(store.response("default", "sp-1").orElseThrow().reasked()).isTrue();
        assertThat(store.sessionPairs("default", DAY, DAY.plus(Duration.ofDays(1)), CaptureRules.REASK_WINDOW))
                .isEmpty();
    }

    @Test
    void counts_byWindowVersionDimensionAndDay() {
        write(response("k-1", DAY.plusSeconds(10), "v1", "m-a"), response("k-2", DAY.plusSeconds(20), "v2", "m-a"),
                response("k-3", DAY.plus(Duration.ofDays(1)).plusSeconds(5), "v2", null),
                response("k-4", DAY.minusSeconds(5), "v1", "m-b"));
        Instant to = DAY.plus(Duration.ofDays(2));

        assertThat(store.countResponses("default", DAY, to, null)).isEqualTo(3);
        assertThat(store.countResponses("default", DAY, to, "v2")).isEqualTo(2);
        assertThat(store.countResponsesBy("default", DAY, to, TriageStore.Dimension.PROMPT_VERSION))
                .containsExactly(Map.entry("v1", 1L), Map.entry("v2", 2L));
        assertThat(store.countResponsesBy("default", DAY, to, TriageStore.Dimension.MODEL))
                .containsOnly(Map.entry("(none)", 1L), Map.entry("m-a", 2L));
        assertThat(store.dailyResponsesByVersion("default", DAY, to)).isEqualTo(Map.of(
                "2026-11-20", Map.of("v1", 1L, "v2", 1L), "2026-11-21", Map.of("v2", 1L)));
    }

    @Test
    void sampleResponses_isRepeatableForASeed_andBounded() {
        for (int i = 0; i < 30; i++) {
            write(response(String.format("sm-%02d", i), DAY.plusSeconds(i), "v1", "m"));
        }
        List<ResponseSample> a = store.sampleResponses("default", DAY, DAY.plusSeconds(30), 10, 7);
        List<ResponseSample> b = store.sampleResponses("default", DAY, DAY.plusSeconds(30), 10, 7);

        assertThat(a).hasSize(10).isEqualTo(b);
        assertThat(store.sampleResponses("default", DAY, DAY.plusSeconds(30), 100, 7)).hasSize(30);
    }

    @Test
    void vectors_roundTrip_andMissingHashesAreAbsent() {
        store.saveVectors("model-1", Map.of("h1", new float[] {1f, 2.5f}, "h2", new float[] {-1f, 0f}));
        store.saveVectors("model-1", Map.of("h1", new float[] {9f, 9f})); // kept: a hash names one text

        Map<String, float[]> got = store.vectors(List.of("h1", "h2", "h3"));

        assertThat(got).containsOnlyKeys("h1", "h2");
        assertThat(got.get("h1")).containsExactly(1f, 2.5f);
        assertThat(store.vectors(List.of())).isEmpty();
    }

    // ---- patterns, runs, assignments, events, fixes, analyses

    static PatternRecord pattern(String id, PatternStatus status) {
        return new PatternRecord("default", id, "name " + id, false, "desc " + id, List.of("fee", "bag"),
                Cause.RETRIEVAL, 0.7, null, "{\"lift\":2.0}", status, null, false, "model-1",
                new float[] {0.5f, 0.25f}, List.of(new float[] {1f, 0f}, new float[] {0f, 1f}), 3,
                DAY.plusSeconds(1), DAY.plusSeconds(2));
    }

    private static void assertSamePattern(PatternRecord actual, PatternRecord expected) {
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    }

    @Test
    void patterns_roundTrip_andUpsertById() {
        PatternRecord p1 = pattern("P-1", PatternStatus.NEW);
        store.savePatterns(List.of(p1));
        PatternRecord renamed = p1.withName("Baggage fees", true).withCauseOverride(Cause.PROMPT)
                .withStatus(PatternStatus.OPEN);
        store.savePatterns(List.of(renamed));

        assertThat(store.patterns("default")).hasSize(1);
        assertSamePattern(store.pattern("default", "P-1").orElseThrow(), renamed);
        assertThat(store.pattern("default", "P-9")).isEmpty();
        assertThat(store.patterns("other")).isEmpty();
    }

    @Test
    void triageRun_storesPatternsAssignmentsAndRun_atomically() {
        TriageRunRecord run = new TriageRunRecord("default", "run-1", DAY, DAY.plus(Duration.ofDays(7)), NOW,
                NOW.plusSeconds(5), 3, "{\"run\":1}");
        store.saveTriageRun(run, List.of(pattern("P-1", PatternStatus.NEW)), List.of(
                new Assignment("a-1", DAY.plusSeconds(1), "P-1", 0.9),
                new Assignment("a-2", DAY.plusSeconds(2), "P-1", null),
                new Assignment("a-3", DAY.plusSeconds(3), null, null)));

        assertThat(store.triageRun("default", "run-1")).hasValue(run);
        assertThat(store.triageRun("default", "run-2")).isEmpty();
        assertThat(store.members("default", "P-1", DAY, DAY.plusSeconds(10))).containsExactly("a-1", "a-2");
        assertThat(store.members("default", "P-1", DAY, DAY.plusSeconds(2))).containsExactly("a-1");
        assertThat(store.occurrences("default", "P-1", DAY, DAY.plusSeconds(10), null)).isEqualTo(2);
        assertThat(store.unroutedRuns("default")).containsExactly(run);
    }

    @Test
    void occurrences_ofOneVersion_joinTheResponses() {
        write(response("ov-1", DAY.plusSeconds(1), "v1", "m"), response("ov-2", DAY.plusSeconds(2), "v2", "m"));
        store.saveTriageRun(new TriageRunRecord("default", "run-v", DAY, DAY.plusSeconds(9), NOW, NOW, 2, "{}"),
                List.of(pattern("P-1", PatternStatus.NEW)), List.of(
                        new Assignment("ov-1", DAY.plusSeconds(1), "P-1", 0.8),
                        new Assignment("ov-2", DAY.plusSeconds(2), "P-1", 0.8)));

        assertThat(store.occurrences("default", "P-1", DAY, DAY.plusSeconds(9), "v2")).isEqualTo(1);
    }

    @Test
    void reassign_movesAssignmentsAndFixes() {
        store.saveTriageRun(new TriageRunRecord("default", "run-m", DAY, DAY.plusSeconds(9), NOW, NOW, 1, "{}"),
                List.of(pattern("P-1", PatternStatus.NEW), pattern("P-2", PatternStatus.NEW)),
                List.of(new Assignment("m-1", DAY.plusSeconds(1), "P-2", 0.8)));
        store.saveFix(new FixRecord("default", "fix-1", "P-2", DAY, "v2", "note", NOW, null, null, null));

        store.reassign("default", "P-2", "P-1");

        assertThat(store.members("default", "P-1", DAY, DAY.plusSeconds(9))).containsExactly("m-1");
        assertThat(store.fixes("default", "P-1")).extracting(FixRecord::fixId).containsExactly("fix-1");
        assertThat(store.fixes("default", "P-2")).isEmpty();
    }

    @Test
    void patternEvents_inOrderOfTime_thenOfArrival() {
        store.addPatternEvent("default", "P-1", DAY.plusSeconds(5), "renamed", "to B");
        store.addPatternEvent("default", "P-1", DAY.plusSeconds(1), "created", "found");
        store.addPatternEvent("default", "P-1", DAY.plusSeconds(5), "merged", "P-2 into it");

        assertThat(store.patternEvents("default", "P-1")).containsExactly(
                new PatternEvent(DAY.plusSeconds(1), "created", "found"),
                new PatternEvent(DAY.plusSeconds(5), "renamed", "to B"),
                new PatternEvent(DAY.plusSeconds(5), "merged", "P-2 into it"));
        assertThat(store.patternEvents("default", "P-2")).isEmpty();
    }

    @Test
    void review_describedSplitAndWho_roundTrip() {
        PatternRecord described = pattern("P-1", PatternStatus.OPEN).withReviewedDescription("Fares omit taxes.");
        store.savePatterns(List.of(described));
        store.saveTriageRun(new TriageRunRecord("default", "run-s", DAY, DAY.plusSeconds(9), NOW, NOW, 2, "{}"),
                List.of(pattern("P-2", PatternStatus.NEW)), List.of(
                        new Assignment("s-1", DAY.plusSeconds(1), "P-1", 0.8),
                        new Assignment("s-2", DAY.plusSeconds(2), "P-1", 0.8)));
        store.addPatternEvent("default", "P-1", DAY.plusSeconds(3), "split", "s-2 into P-2", "key k-1");

        assertThat(store.reassignRequests("default", List.of("s-2", "nope"), "P-2")).isEqualTo(1);

        assertSamePattern(store.pattern("default", "P-1").orElseThrow(), described);
        assertThat(store.members("default", "P-2", DAY, DAY.plusSeconds(9))).containsExactly("s-2");
        assertThat(store.patternEvents("default", "P-1")).containsExactly(
                new PatternEvent(DAY.plusSeconds(3), "split", "s-2 into P-2", "key k-1"));
    }

    @Test
    void dashboardReads_dailyTotalsFromACursor_andTheLatestResponse() {
        assertThat(store.latestResponse("default")).isEmpty();
        write(response("d-1", DAY.plusSeconds(1), "v1", "m"), response("d-2", DAY.plusSeconds(2), "v2", "m"));
        TriageStore.DailyCounts first = store.dailyResponsesSince("default", 0);
        String day = DAY.atZone(ZoneOffset.UTC).toLocalDate().toString();
        assertThat(first.counts()).isEqualTo(Map.of(day, Map.of("v1", 1L, "v2", 1L)));

        write(response("d-3", DAY.plusSeconds(86_400), "v2", "m"));
        TriageStore.DailyCounts next = store.dailyResponsesSince("default", first.cursor());

        String dayAfter = DAY.plusSeconds(86_400).atZone(ZoneOffset.UTC).toLocalDate().toString();
        assertThat(next.counts()).isEqualTo(Map.of(dayAfter, Map.of("v2", 1L)));
        assertThat(store.dailyResponsesSince("default", next.cursor()).counts()).isEmpty();
        assertThat(store.latestResponse("default")).hasValue(DAY.plusSeconds(86_400));

        store.saveTriageRun(new TriageRunRecord("default", "run-d", DAY, DAY.plusSeconds(90_000), NOW, NOW, 2, "{}"),
                List.of(pattern("P-1", PatternStatus.NEW)), List.of(
                        new Assignment("d-1", DAY.plusSeconds(1), "P-1", 0.8),
                        new Assignment("d-3", DAY.plusSeconds(86_400), null, null)));
        assertThat(store.dailyOccurrences("default", DAY, DAY.plusSeconds(90_000)))
                .isEqualTo(Map.of(day, Map.of("P-1", 1L), dayAfter, Map.of("", 1L)));
        assertThat(store.dailyNegativesByVersion("default", DAY, DAY.plusSeconds(90_000)))
                .isEqualTo(Map.of(day, Map.of("v1", 1L), dayAfter, Map.of("v2", 1L)));
        assertThat(store.dailyNegativesSince("default", 0).counts())
                .isEqualTo(Map.of(day, Map.of("v1", 1L), dayAfter, Map.of("v2", 1L)));
    }

    @Test
    void fixes_roundTrip_andVerdictUpdates() {
        FixRecord fix = new FixRecord("default", "fix-1", "P-1", DAY, null, null, NOW, null, null, null);
        store.saveFix(fix);
        FixRecord judged = new FixRecord("default", "fix-1", "P-1", DAY, null, null, NOW, "resolved", "{\"p\":0.01}",
                NOW.plusSeconds(60));
        store.saveFix(judged);
        store.saveFix(new FixRecord("default", "fix-0", "P-2", DAY.minusSeconds(10), "v3", "n", NOW, null, null, null));

        assertThat(store.fixes("default", "P-1")).containsExactly(judged);
        assertThat(store.fixes("default", null)).extracting(FixRecord::fixId).containsExactly("fix-0", "fix-1");
    }

    @Test
    void analyses_roundTrip_andReplaceByPattern() {
        PatternAnalysis a = new PatternAnalysis("default", "P-1", "anthropic", "claude", "Fees", "users ask fees",
                Cause.PROMPT, "because", "say the fee", new float[] {0.1f, 0.2f}, 12, NOW);
        store.saveAnalyses(List.of(a));
        PatternAnalysis b = new PatternAnalysis("default", "P-1", "anthropic", "claude", "Fees 2", "d", Cause.RETRIEVAL,
                "r", "f", new float[] {0.3f}, 20, NOW.plusSeconds(1));
        store.saveAnalyses(List.of(b));

        Map<String, PatternAnalysis> got = store.analyses("default");
        assertThat(got).containsOnlyKeys("P-1");
        assertThat(got.get("P-1")).usingRecursiveComparison().isEqualTo(b);
        assertThat(store.analyses("other")).isEmpty();
    }

    // ---- tickets and the outbox

    static TicketRecord ticket(String patternId, String state) {
        return new TicketRecord("default", patternId, "local", null, null, state, Cause.PROMPT, PatternStatus.NEW,
                "title " + patternId, NOW, NOW);
    }

    @Test
    void enqueue_addsNewEntriesOnce_storesTickets_andMarksTheRunRouted() {
        TriageRunRecord run = new TriageRunRecord("default", "run-t", DAY, DAY.plusSeconds(9), NOW, NOW, 0, "{}");
        store.saveTriageRun(run, List.of(), List.of());
        OutboxEntry create = OutboxEntry.pending("default", "P-1:create:run-t", "P-1", "create", "{\"t\":1}", NOW);

        assertThat(store.enqueue("default", "run-t", List.of(ticket("P-1", "pending")), List.of(create))).isEqualTo(1);
        assertThat(store.enqueue("default", null, List.of(), List.of(create))).isZero();

        assertThat(store.unroutedRuns("default")).isEmpty();
        assertThat(store.ticket("default", "P-1")).hasValue(ticket("P-1", "pending"));
        assertThat(store.tickets("default")).hasSize(1);
        assertThat(store.undelivered("default")).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo("P-1:create:run-t");
            assertThat(e.state()).isEqualTo("pending");
            assertThat(e.payload()).isEqualTo("{\"t\":1}");
            assertThat(e.seq()).isPositive();
        });
    }

    @Test
    void outbox_dueFailedAndDelivered() {
        OutboxEntry a = OutboxEntry.pending("default", "k-a", "P-1", "create", "{}", NOW);
        OutboxEntry b = OutboxEntry.pending("default", "k-b", "P-2", "create", "{}", NOW.plusSeconds(60));
        store.enqueue("default", null, List.of(ticket("P-1", "pending")), List.of(a, b));

        assertThat(store.dueOutbox("default", NOW)).extracting(OutboxEntry::key).containsExactly("k-a");
        assertThat(store.dueOutbox("default", null)).extracting(OutboxEntry::key).containsExactly("k-a", "k-b");

        OutboxEntry due = store.dueOutbox("default", NOW).get(0);
        store.deliveryFailed(due, 1, NOW.plusSeconds(30), "tracker said 503", false);
        assertThat(store.dueOutbox("default", NOW)).isEmpty();
        assertThat(store.undelivered("default").get(0)).satisfies(e -> {
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.lastError()).isEqualTo("tracker said 503");
            assertThat(e.nextAttemptAt()).isEqualTo(NOW.plusSeconds(30));
        });

        TicketRecord open = ticket("P-1", "pending").delivered("github", "#12", "https://t/12", "open", NOW);
        store.delivered(due, open, NOW);
        assertThat(store.undelivered("default")).extracting(OutboxEntry::key).containsExactly("k-b");
        assertThat(store.ticket("default", "P-1")).hasValue(open);

        OutboxEntry other = store.undelivered("default").get(0);
        store.deliveryFailed(other, 5, NOW, "gone", true);
        assertThat(store.dueOutbox("default", null)).isEmpty();
        assertThat(store.undelivered("default")).extracting(OutboxEntry::state).containsExactly("failed");
    }

    // ---- keys and settings

    @Test
    void keys_saveReadRevoke_andCountRevocations() {
        ApiKeyRecord k1 = new ApiKeyRecord("k1", "default", ApiKeyRecord.Scope.ADMIN, "hash1", NOW);
        ApiKeyRecord k2 = new ApiKeyRecord("k2", "other", ApiKeyRecord.Scope.INGEST, "hash2", NOW.plusSeconds(1));
        store.saveKey(k1);
        store.saveKey(k2);
        long before = store.keyRevocations();

        assertThat(store.key("k1")).hasValue(k1);
        assertThat(store.keys(null)).containsExactly(k1, k2);
        assertThat(store.keys("other")).containsExactly(k2);

        assertThat(store.revokeKey("k1", NOW.plusSeconds(5))).isTrue();
        assertThat(store.revokeKey("k1", NOW.plusSeconds(6))).isFalse();
        assertThat(store.revokeKey("nope", NOW)).isFalse();

        assertThat(store.key("k1")).isEmpty();
        assertThat(store.keys("default")).singleElement().extracting(ApiKeyRecord::revokedAt)
                .isEqualTo(NOW.plusSeconds(5));
        assertThat(store.keyRevocations()).isEqualTo(before + 1);
    }

    @Test
    void setting_isCreatedOnce() {
        assertThat(store.setting("pseudonym_secret", () -> "first")).isEqualTo("first");
        assertThat(store.setting("pseudonym_secret", () -> "second")).isEqualTo("first");
    }

    @Test
    void exclusively_runsOneHolderAtATime() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(() -> store.exclusively("triage:default", () -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return inside.decrementAndGet();
                })));
            }
            for (Future<Integer> f : runs) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(most.get()).isEqualTo(1);
    }

    // ---- retention

    @Test
    void dropText_emptiesTheTextOfOldRows_andKeepsEveryRowFlagAndCount() {
        Instant old = NOW.minus(Duration.ofDays(40));
        Instant cutoff = NOW.minus(Duration.ofDays(30));
        write(response("old-1", "sess", old, "old question"), response("old-2", old.plusSeconds(60), "v2", "m"),
                response("new-1", "sess", NOW.minusSeconds(60), "new question"));
        write(feedback("e-old", "old-1"), rating("e-old-2", "old-2", 1), feedback("e-new", "new-1"));
        store.saveTriageRun(new TriageRunRecord("default", "run-r", old, NOW, NOW, NOW, 2, "{}"),
                List.of(pattern("P-1", PatternStatus.OPEN)), List.of(new Assignment("old-1", old, "P-1", 0.9),
                        new Assignment("old-2", old.plusSeconds(60), "P-1", 0.8)));
        Instant from = old.minus(Duration.ofDays(1));
        List<String> negativesBefore = store.negatives("default", from, NOW, NegativeRules.DEFAULT).stream()
                .map(NegativeRow::requestId).toList();
        Map<String, Map<String, Long>> dailyBefore = store.dailyResponsesByVersion("default", from, NOW);
        StoredResponse untouched = store.response("default", "new-1").orElseThrow();
        List<StoredFeedback> untouchedFeedback = store.feedback("default", "new-1");

        RetentionStore.Dropped dropped = store.dropText("default", Instant.EPOCH, cutoff);

        assertThat(dropped).isEqualTo(new RetentionStore.Dropped(2, 1));
        ResponseRecord gone = store.response("default", "old-1").orElseThrow().record();
        assertThat(gone.userInput()).isEmpty();
        assertThat(gone.llmOutput()).isEmpty();
        assertThat(gone.retrievedContext()).containsExactly(new RetrievedDoc("kb-1", null, 0.4),
                new RetrievedDoc("kb-2", null, null));
        assertThat(gone.timestamp()).isEqualTo(old);
        assertThat(gone.sessionId()).isEqualTo("sess");
        assertThat(gone.tags()).containsEntry("team", "billing");
        assertThat(store.feedback("default", "old-1")).singleElement().satisfies(f -> {
            assertThat(f.record().editedOutput()).isNull();
            assertThat(f.record().comment()).isEmpty();
            assertThat(f.record().thumbs()).isEqualTo(Thumbs.DOWN);
            assertThat(f.record().explicitRating()).isEqualTo(2);
            assertThat(f.editMagnitude()).isNotNull();
        });
        assertThat(store.response("default", "new-1")).hasValue(untouched);
        assertThat(store.feedback("default", "new-1")).isEqualTo(untouchedFeedback);
        assertThat(store.negatives("default", from, NOW, NegativeRules.DEFAULT)).extracting(NegativeRow::requestId)
                .isEqualTo(negativesBefore).contains("old-1", "old-2");
        assertThat(store.dailyResponsesByVersion("default", from, NOW)).isEqualTo(dailyBefore);
        assertThat(store.countResponses("default", from, cutoff, "v2")).isEqualTo(1);
        assertThat(store.occurrences("default", "P-1", from, cutoff, "v2")).isEqualTo(1);
        assertThat(store.occurrences("default", "P-1", from, cutoff, null)).isEqualTo(2);
        assertThat(store.dropText("default", Instant.EPOCH, cutoff)).as("a second pass")
                .isEqualTo(new RetentionStore.Dropped(0, 0));
    }

    @Test
    void textDroppedBefore_isRememberedPerProject_andOldestResponseIsTheMinimum() {
        assertThat(store.textDroppedBefore("default")).isEmpty();
        assertThat(store.oldestResponse("default")).isEmpty();
        write(response("b", NOW.minusSeconds(5), "v1", "m"), response("a", NOW.minusSeconds(50), "v1", "m"));

        store.textDroppedBefore("default", DAY);
        store.textDroppedBefore("default", DAY.plusSeconds(1));

        assertThat(store.textDroppedBefore("default")).hasValue(DAY.plusSeconds(1));
        assertThat(store.textDroppedBefore("other")).isEmpty();
        assertThat(store.oldestResponse("default")).hasValue(NOW.minusSeconds(50));
    }
}
