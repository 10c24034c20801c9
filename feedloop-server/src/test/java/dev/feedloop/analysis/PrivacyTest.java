package dev.feedloop.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.feedloop.analysis.FakeLlm.Answer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** No e-mail, phone, card, account number or secret leaves in a request body, and none reaches a log line. */
class PrivacyTest {
    private static final List<String> SENSITIVE = List.of("ana.silva@example.org", "+44 20 7946 0958",
            "4111 1111 1111 1111", "GB82 WEST 1234 5698 7654 32", "12345678", "sk-live-9f8e7d6c5b4a39281706f5e4d3c2b1a0",
            FakeLlm.KEY);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level before;

    @BeforeEach
    void capture() {
        before = root.getLevel();
        root.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void release() {
        root.detachAppender(logs);
        root.setLevel(before);
    }

    private static PatternBrief leaky() {
        return Briefs.brief(new PatternBrief.Example(
                "Mail ana.silva@example.org or call +44 20 7946 0958 about my refund",
                "Your card 4111 1111 1111 1111 will be refunded to IBAN GB82 WEST 1234 5698 7654 32.",
                "edited", "Refund goes to account number 12345678.",
                "my api_key=sk-live-9f8e7d6c5b4a39281706f5e4d3c2b1a0 stopped working"));
    }

    @Test
    void openAi_bodiesAndLogsHoldNoPersonalDataOrSecret() throws IOException {
        try (FakeLlm llm = new FakeLlm()) {
            // an invalid answer, a 429 and a 401: every log path runs
            llm.then(Answer.ok(FakeLlm.openAiContent("{\"name\":\"ana.silva@example.org\"}", 1, 1)),
                    Answer.status(429, Map.of()), Answer.ok(FakeLlm.openAiContent(FakeLlm.goodAnalysis().toString(),
                            1, 1)), Answer.status(401, Map.of()));
            Analyst analyst = llm.openAi(Map.of());
            Analyst.Run run = analyst.startRun();
            run.analyze(leaky());
            run.sameFailure(leaky(), leaky());
            Analyst.Run dry = analyst.startDryRun();
            dry.analyze(leaky());

            assertClean(llm, dry, analyst);
        }
    }

    @Test
    void anthropic_bodiesAndLogsHoldNoPersonalDataOrSecret() throws IOException {
        try (FakeLlm llm = new FakeLlm()) {
            llm.then(Answer.ok(FakeLlm.anthropicTool(FakeLlm.goodAnalysis().put("cause", "x"), 1, 1)),
                    Answer.status(500, Map.of()), Answer.status(403, Map.of()));
            Analyst analyst = llm.anthropic(Map.of());
            Analyst.Run run = analyst.startRun();
            run.analyze(leaky());
            run.analyze(leaky());
            Analyst.Run dry = analyst.startDryRun();
            dry.analyze(leaky());

            assertClean(llm, dry, analyst);
        }
    }

    private void assertClean(FakeLlm llm, Analyst.Run dry, Analyst analyst) {
        assertThat(llm.calls).isNotEmpty();
        List<String> bodies = new ArrayList<>();
        llm.calls.forEach(c -> bodies.add(c.body()));
        assertThat(bodies.get(0)).contains("[EMAIL]").contains("[PHONE]").contains("[CARD]").contains("[SECRET]");
        bodies.addAll(dry.dryRunRequests());
        List<String> lines = new ArrayList<>();
        logs.list.forEach(e -> lines.add(e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())));
        lines.add(analyst.settings().toString());
        assertThat(lines).isNotEmpty();
        for (String s : SENSITIVE) {
            assertThat(bodies).as("bodies").noneMatch(b -> b.contains(s));
            assertThat(lines).as("logs").noneMatch(l -> l.contains(s));
        }
    }
}
