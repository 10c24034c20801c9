package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PRODUCT.md part 1: a near-duplicate question in the same session soon after marks the earlier response re-asked. */
class ReaskDetectionTest {
    static final Instant T = Instant.parse("2026-11-20T09:00:00Z");
    static final String FIRST = "how do I reset my password";
    static final String AGAIN = "How can I reset my password?";

    @TempDir
    static Path dir;
    static ServerFixture api;

    @BeforeAll
    static void start() {
        api = ServerFixture.start(dir, 1 << 20);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static void ask(String requestId, String session, Instant at, String question) {
        int status = api.post("/v1/responses", api.ingestKey, response(requestId, session, at, question)).statusCode();
        assertThat(status).isEqualTo(202);
    }

    private static String response(String requestId, String session, Instant at, String question) {
        return "{\"request_id\":\"" + requestId + "\",\"session_id\":\"" + session + "\",\"timestamp\":\"" + at
                + "\",\"prompt_version\":\"v1\",\"user_input\":\"" + question + "\",\"llm_output\":\"Try settings.\"}";
    }

    private static boolean reasked(String requestId) {
        return api.response(requestId).get("reasked").asBoolean();
    }

    @Test
    void nearDuplicateInSameSessionWithinTenMinutes_marksTheEarlierOne() {
        ask("ra-1", "s-a", T, FIRST);
        ask("ra-2", "s-a", T.plusSeconds(180), AGAIN);

        assertThat(reasked("ra-1")).isTrue();
        assertThat(reasked("ra-2")).isFalse();
    }

    @Test
    void nearDuplicateMoreThanTenMinutesLater_marksNothing() {
        ask("rb-1", "s-b", T, FIRST);
        ask("rb-2", "s-b", T.plusSeconds(11 * 60), AGAIN);

        assertThat(reasked("rb-1")).isFalse();
        assertThat(reasked("rb-2")).isFalse();
    }

    @Test
    void nearDuplicateInAnotherSession_marksNothing() {
        ask("rc-1", "s-c1", T, FIRST);
        ask("rc-2", "s-c2", T.plusSeconds(60), AGAIN);

        assertThat(reasked("rc-1")).isFalse();
        assertThat(reasked("rc-2")).isFalse();
    }

    @Test
    void differentQuestionInSameSession_marksNothing() {
        ask("rd-1", "s-d", T, FIRST);
        ask("rd-2", "s-d", T.plusSeconds(60), "how do I cancel my subscription");

        assertThat(reasked("rd-1")).isFalse();
    }

    @Test
    void laterQuestionArrivingFirst_stillMarksTheEarlierOne() {
        ask("re-2", "s-e", T.plusSeconds(240), AGAIN);
        ask("re-1", "s-e", T, FIRST);

        assertThat(reasked("re-1")).isTrue();
        assertThat(reasked("re-2")).isFalse();
    }

    @Test
    void bothQuestionsInOneArray_marksTheEarlierOne() {
        int status = api.post("/v1/responses", api.ingestKey, "[" + response("rf-2", "s-f", T.plusSeconds(30), AGAIN)
                + "," + response("rf-1", "s-f", T, FIRST) + "]").statusCode();

        assertThat(status).isEqualTo(202);
        assertThat(reasked("rf-1")).isTrue();
        assertThat(reasked("rf-2")).isFalse();
    }

    @Test
    void responsesWithoutSession_areNeverReasked() {
        api.post("/v1/responses", api.ingestKey, "{\"request_id\":\"rg-1\",\"timestamp\":\"" + T
                + "\",\"prompt_version\":\"v1\",\"user_input\":\"" + FIRST + "\",\"llm_output\":\"a\"}");
        api.post("/v1/responses", api.ingestKey, "{\"request_id\":\"rg-2\",\"timestamp\":\"" + T.plusSeconds(10)
                + "\",\"prompt_version\":\"v1\",\"user_input\":\"" + FIRST + "\",\"llm_output\":\"a\"}");

        assertThat(reasked("rg-1")).isFalse();
    }

    @Test
    void threeAsksOfTheSameQuestion_markAllButTheLast() {
        ask("rh-1", "s-h", T, FIRST);
        ask("rh-3", "s-h", T.plusSeconds(400), FIRST);
        ask("rh-2", "s-h", T.plusSeconds(200), AGAIN);

        assertThat(reasked("rh-1")).isTrue();
        assertThat(reasked("rh-2")).isTrue();
        assertThat(reasked("rh-3")).isFalse();
    }
}
