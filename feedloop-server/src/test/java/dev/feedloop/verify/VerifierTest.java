package dev.feedloop.verify;

import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.Cause;
import dev.feedloop.capture.CaptureRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.store.Batch;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.Assignment;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.TriageRunRecord;
import dev.feedloop.triage.EmbeddingService;
import dev.feedloop.triage.PatternEditor;
import dev.feedloop.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierTest {
    static final Instant START = Instant.parse("2026-10-05T00:00:00Z");
    static final Instant DEPLOY = START.plus(Duration.ofDays(20));
    static final Instant END = START.plus(Duration.ofDays(42));

    @TempDir
    Path dir;
    SqliteStore store;
    Verifier verifier;
    final SplittableRandom random = new SplittableRandom(7);
    int seq;

    @BeforeEach
    void open() {
        Clock clock = Clock.fixed(END, ZoneOffset.UTC);
        store = SqliteStore.open(dir.resolve("v.db"), clock, SqliteStore.Durability.NORMAL, CaptureRules.STANDARD);
        verifier = new Verifier(store, VerifyConfig.DEFAULT, clock);
        store.savePatterns(List.of(new PatternRecord("p", "P-1", "pattern", false, "", List.of(), Cause.PROMPT, 0.8, null,
                "{}", PatternStatus.OPEN, null, false, "m", new float[] {1, 0}, List.of(), 0, null, null)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /**
     * Writes {@code perDay} responses a day of one version, every (1/rate)-th assigned to P-1: exact
     * rates, so the tests check the method rather than the luck of a draw.
     */
    void traffic(Instant from, Instant to, String version, int perDay, double rate) {
        traffic(from, to, version, perDay, rate, "P-1");
    }

    void traffic(Instant from, Instant to, String version, int perDay, double rate, String patternId) {
        List<ResponseRecord> responses = new ArrayList<>();
        List<Assignment> assignments = new ArrayList<>();
        long period = Math.round(1 / rate);
        for (Instant day = from; day.isBefore(to); day = day.plus(Duration.ofDays(1))) {
            for (int i = 0; i < perDay; i++) {
                Instant ts = day.plusSeconds(random.nextInt(86_400));
                String id = "r" + seq++;
                responses.add(new ResponseRecord("p", id, ts, version, "m", "q", "a", List.of(), null, null, null));
                if (seq % period == 0) {
                    assignments.add(new Assignment(id, ts, patternId, 0.9));
                }
            }
        }
        store.write(new Batch(responses, List.of()));
        store.saveTriageRun(new TriageRunRecord("p", "run" + seq, from, to, END, END, assignments.size(), "{}"),
                List.of(), assignments);
    }

    @Test
    void verify_strongReductionAfterDeployment_isEffectiveAndResolves() {
        traffic(START, DEPLOY, "v1", 300, 0.05);
        traffic(DEPLOY, END, "v2", 300, 0.01);
        verifier.addFix("p", "P-1", DEPLOY, null, "shorter prompt");

        VerifyResult r = verifier.verify("p", null, END).get(0);

        assertThat(r.method()).isEqualTo("before_after");
        assertThat(r.verdict().verdict().jsonName()).isEqualTo("effective");
        assertThat(r.verdict().ciHigh()).isLessThan(1.0);
        assertThat(store.pattern("p", "P-1").orElseThrow().status()).isEqualTo(PatternStatus.RESOLVED);
    }

    @Test
    void verify_noChange_isNotEffectiveAndReopens() {
        traffic(START, DEPLOY, "v1", 300, 0.05);
        traffic(DEPLOY, END, "v2", 300, 0.05);
        verifier.addFix("p", "P-1", DEPLOY, null, null);

        VerifyResult r = verifier.verify("p", "P-1", END).get(0);

        assertThat(r.verdict().verdict().jsonName()).isEqualTo("not_effective");
        assertThat(store.pattern("p", "P-1").orElseThrow().status()).isEqualTo(PatternStatus.REOPENED);
    }

    @Test
    void verify_trafficDoublesWithoutEffect_isNotCalledEffectiveOrWorse() {
        traffic(START, DEPLOY, "v1", 200, 0.03);
        traffic(DEPLOY, END, "v1", 400, 0.03);
        verifier.addFix("p", "P-1", DEPLOY, null, null);

        VerifyResult r = verifier.verify("p", null, END).get(0);

        assertThat(r.after().occurrences()).isGreaterThan(r.before().occurrences());
        assertThat(r.verdict().verdict().jsonName()).isNotEqualTo("effective");
        assertThat(r.verdict().worse()).isFalse();
    }

    @Test
    void verify_tooLittleData_isInconclusiveWithANeed() {
        traffic(START, DEPLOY, "v1", 30, 0.02);
        traffic(DEPLOY, DEPLOY.plus(Duration.ofDays(3)), "v2", 30, 0.01);
        verifier.addFix("p", "P-1", DEPLOY, null, null);

        VerifyResult r = verifier.verify("p", null, DEPLOY.plus(Duration.ofDays(3))).get(0);

        assertThat(r.verdict().verdict().jsonName()).isEqualTo("inconclusive");
        assertThat(r.verdict().reason()).isNotBlank();
    }

    @Test
    void verify_versionRunningBesideTheOld_isJudgedAsCanary() {
        traffic(START, DEPLOY, "v1", 300, 0.05);
        traffic(DEPLOY, END, "v1", 150, 0.05);
        traffic(DEPLOY, END, "v2", 150, 0.005);
        verifier.addFix("p", "P-1", DEPLOY, "v2", "canary at 50 %");

        VerifyResult r = verifier.verify("p", null, END).get(0);

        assertThat(r.method()).isEqualTo("canary");
        assertThat(r.after().promptVersion()).isEqualTo("v2");
        assertThat(r.verdict().verdict().jsonName()).isEqualTo("effective");
    }

    @Test
    void verify_fullSwitchToTheFixVersion_fallsBackToBeforeAfter() {
        traffic(START, DEPLOY, "v1", 300, 0.05);
        traffic(DEPLOY, END, "v2", 300, 0.01);
        verifier.addFix("p", "P-1", DEPLOY, "v2", null);

        VerifyResult r = verifier.verify("p", null, END).get(0);

        assertThat(r.method()).isEqualTo("before_after");
        assertThat(r.note()).contains("did not run beside");
    }

    @Test
    void addFix_unknownPattern_isRefusedWithItsId() {
        assertThatThrownBy(() -> verifier.addFix("p", "P-404", DEPLOY, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P-404");
    }

    @Test
    void verifyJson_hasTheInterfaceFields() {
        traffic(START, DEPLOY, "v1", 300, 0.05);
        traffic(DEPLOY, END, "v2", 300, 0.01);
        verifier.addFix("p", "P-1", DEPLOY, null, null);

        var json = VerifyJson.tree(verifier.verify("p", null, END)).get(0);

        for (String field : List.of("pattern_id", "fix_id", "method", "before", "after", "reduction_pct", "rate_ratio",
                "ci_low", "ci_high", "p_value", "verdict")) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        for (String field : List.of("from", "to", "occurrences", "responses", "rate")) {
            assertThat(json.get("before").has(field)).as("before." + field).isTrue();
        }
    }

    @Test
    void verify_noTrafficAfterTheFix_reportsNoRateChangeInsteadOfAFall() {
        traffic(START, DEPLOY, "v1", 300, 0.05);
        verifier.addFix("p", "P-1", DEPLOY, null, null);

        VerifyResult r = verifier.verify("p", null, DEPLOY.plus(Duration.ofDays(5))).get(0);

        assertThat(r.comparable()).isFalse();
        assertThat(r.verdict().verdict().jsonName()).isEqualTo("inconclusive");
        assertThat(r.verdict().reason()).contains("no responses after the fix");
        var json = VerifyJson.tree(List.of(r)).get(0);
        for (String field : List.of("reduction_pct", "rate_ratio", "ci_low", "ci_high", "p_value")) {
            assertThat(json.get(field).isNull()).as(field).isTrue();
        }
    }

    @Test
    void merge_movesTheAbsorbedPatternsFixes_soTheyAreJudgedOnTheSurvivor() {
        store.savePatterns(List.of(pattern("P-2", "open")));
        traffic(START, DEPLOY, "v1", 300, 0.05, "P-2");
        traffic(DEPLOY, END, "v2", 300, 0.01, "P-2");
        String fix = verifier.addFix("p", "P-2", DEPLOY, null, null).fixId();

        editor().merge("p", "P-2", "P-1");
        VerifyResult r = verifier.verify("p", null, END).get(0);

        assertThat(r.fixId()).isEqualTo(fix);
        assertThat(r.patternId()).isEqualTo("P-1");
        assertThat(r.before().occurrences()).isPositive();
        assertThat(r.verdict().verdict().jsonName()).isEqualTo("effective");
        assertThat(store.patternEvents("p", "P-1")).anyMatch(e -> e.detail().contains("with its fixes " + fix));
    }

    @Test
    void addFix_mergedPattern_isRefusedNamingTheSurvivor() {
        store.savePatterns(List.of(pattern("P-2", "open")));
        editor().merge("p", "P-2", "P-1");

        assertThatThrownBy(() -> verifier.addFix("p", "P-2", DEPLOY, null, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("record the fix on P-1");
        assertThat(store.fixes("p", null)).isEmpty();
    }

    @Test
    void addFix_dismissedPattern_isRefused() {
        editor().dismiss("p", "P-1");

        assertThatThrownBy(() -> verifier.addFix("p", "P-1", DEPLOY, null, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("P-1 is dismissed");
    }

    @Test
    void merge_intoDismissedPattern_isRefusedWithWhatToDoInstead() {
        store.savePatterns(List.of(pattern("P-2", "open")));
        editor().dismiss("p", "P-1");

        assertThatThrownBy(() -> editor().merge("p", "P-2", "P-1")).hasMessageContaining("P-1 is dismissed")
                .hasMessageContaining("feedloop patterns dismiss P-2");
        assertThat(store.pattern("p", "P-2").orElseThrow().status()).isEqualTo(PatternStatus.OPEN);
    }

    @Test
    void dismiss_mergedPattern_isRefused() {
        store.savePatterns(List.of(pattern("P-2", "open")));
        editor().merge("p", "P-2", "P-1");

        assertThatThrownBy(() -> editor().dismiss("p", "P-2")).hasMessageContaining("dismiss P-1");
        assertThat(store.pattern("p", "P-2").orElseThrow().status()).isEqualTo(PatternStatus.MERGED);
    }

    private PatternEditor editor() {
        return new PatternEditor(store, new EmbeddingService(store, () -> {
            throw new AssertionError("these edits embed nothing");
        }), Clock.fixed(END, ZoneOffset.UTC));
    }

    private static PatternRecord pattern(String id, String status) {
        return new PatternRecord("p", id, "pattern " + id, false, "", List.of(), Cause.PROMPT, 0.8, null, "{}",
                PatternStatus.fromWire(status), null, false, "m", new float[] {0, 1}, List.of(), 0, null, null);
    }
}
