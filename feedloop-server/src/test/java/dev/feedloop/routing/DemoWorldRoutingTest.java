package dev.feedloop.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedloop.Feedloop;
import dev.feedloop.capture.FileImporter;
import dev.feedloop.demo.GroundTruth;
import dev.feedloop.demo.Simulator;
import dev.feedloop.demo.WorldSpec;
import dev.feedloop.eval.Evaluation;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.TicketRecord;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.triage.Triage;
import dev.feedloop.triage.TriageConfig;
import dev.feedloop.triage.TriageReport;
import dev.feedloop.verify.VerifyConfig;
import dev.feedloop.verify.VerifyResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop on the demo world with a GitHub stand-in: weekly triage runs routed to issues, then the
 * simulated team's fixes recorded, verified and routed again.
 */
class DemoWorldRoutingTest {
    @TempDir
    Path dir;

    @Test
    void demoWorld_oneIssuePerRoutedPattern_weeklyComments_escalations_andVerdictsOnTheIssues() throws Exception {
        WorldSpec spec = WorldSpec.defaults().withDays(42).withPerDay(700);
        GroundTruth truth = Simulator.run(spec, dir);
        Instant start = spec.start().atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = start.plus(Duration.ofDays(spec.days()));
        try (VendorServer github = new VendorServer();
                Feedloop feedloop = Feedloop.open(dir.resolve("d.db").toString(), Clock.fixed(end, ZoneOffset.UTC),
                        SqliteStore.Durability.NORMAL, "")) {
            FileImporter importer = new FileImporter(feedloop.ingestor(), truth.project());
            importer.importFile(dir.resolve(Simulator.RESPONSES_FILE), (f, r, t, l) -> { });
            importer.importFile(dir.resolve(Simulator.FEEDBACK_FILE), (f, r, t, l) -> { });
            Routing routing = feedloop.routing(Map.of("FEEDLOOP_GITHUB_REPO", "acme/assistant", "FEEDLOOP_GITHUB_API",
                    github.base(), "FEEDLOOP_GITHUB_TOKEN", "ghp_test", "FEEDLOOP_ESCALATION_TICKETS", "true"));
            String project = truth.project();

            Triage triage = feedloop.triage(TriageConfig.DEFAULT);
            List<TriageReport> runs = new ArrayList<>();
            int commentsBefore = 0;
            for (Instant from = start; from.isBefore(end); from = from.plus(Duration.ofDays(7))) {
                int issuesBefore = github.issues.size();
                List<String> ticketed = feedloop.store().tickets(project).stream().map(TicketRecord::patternId).toList();
                TriageReport report = triage.run(project, from, from.plus(Duration.ofDays(7)), Triage.Listener.NONE);
                runs.add(report);
                Routing.Result r = routing.route(project, report);
                assertThat(r.delivery().retryLater() + r.delivery().failed()).isZero();
                long fresh = report.patterns().stream().filter(p -> !ticketed.contains(p.id())
                        && feedloop.store().ticket(project, p.id()).isPresent()).count();
                // a run creates issues only for patterns that had none
                assertThat(github.issues.size() - issuesBefore).isEqualTo((int) fresh);
                if (runs.size() == 2) {
                    int comments = github.comments.values().stream().mapToInt(List::size).sum();
                    assertThat(comments).as("the second weekly run comments").isGreaterThan(commentsBefore);
                }
                commentsBefore = github.comments.values().stream().mapToInt(List::size).sum();
            }

            // exactly one issue per ticketed pattern, found by its marker
            List<TicketRecord> tickets = feedloop.store().tickets(project);
            assertThat(tickets).isNotEmpty();
            assertThat(github.issues).hasSize(tickets.size());
            for (TicketRecord t : tickets) {
                String marker = Marker.of(project, t.patternId());
                long carrying = github.issues.values().stream().filter(i -> i.get("labels").toString()
                        .contains("\"" + marker + "\"")).count();
                assertThat(carrying).as(t.patternId()).isEqualTo(1);
            }

            // the planted model limitation is on the escalation list
            Evaluation.Score score = Evaluation.score(truth, feedloop.store(), project);
            Map<String, String> foundFor = new HashMap<>();
            score.matches().forEach(m -> {
                if (m.found()) {
                    foundFor.put(m.plantedId(), m.foundId());
                }
            });
            List<String> escalated = routing.router().escalations(project).stream().map(p -> p.patternId()).toList();
            truth.patterns().stream().filter(p -> p.cause().equals("model_limitation") && foundFor.containsKey(p.id()))
                    .forEach(p -> assertThat(escalated).as(p.id()).contains(foundFor.get(p.id())));

            // fixes recorded and verified: the ineffective one reopens its issue, the effective ones close theirs
            var verifier = feedloop.verifier(VerifyConfig.DEFAULT);
            for (GroundTruth.Pattern p : truth.patterns()) {
                if (p.fix() != null && foundFor.containsKey(p.id())) {
                    verifier.addFix(project, foundFor.get(p.id()), p.fix().deployedAt(), p.fix().promptVersion(),
                            p.fix().note());
                }
            }
            List<VerifyResult> verdicts = verifier.verify(project, null, end);
            routing.route(project, null);
            int closed = 0;
            int reopened = 0;
            for (VerifyResult v : verdicts) {
                TicketRecord t = feedloop.store().ticket(project, v.patternId()).orElse(null);
                if (t == null) {
                    continue;
                }
                JsonNode issue = github.issues.get(Integer.parseInt(t.key()));
                List<String> comments = github.comments.getOrDefault(Integer.parseInt(t.key()), List.of());
                if (v.patternStatus() == PatternStatus.RESOLVED) {
                    assertThat(issue.get("state").asText()).as(v.patternId()).isEqualTo("closed");
                    assertThat(comments.get(comments.size() - 1)).contains("Resolved", "effective");
                    closed++;
                } else if (v.patternStatus() == PatternStatus.REOPENED) {
                    assertThat(issue.get("state").asText()).as(v.patternId()).isEqualTo("open");
                    assertThat(comments.get(comments.size() - 1)).contains("Reopened", "not_effective");
                    reopened++;
                }
            }
            assertThat(closed).as("issues closed with an effective verdict").isGreaterThan(0);
            assertThat(reopened).as("issues reopened after an ineffective fix; verdicts: %s; found: %s", verdicts.stream()
                    .map(v -> v.patternId() + " " + v.verdict().verdict() + " " + v.patternStatus() + " ticket "
                            + feedloop.store().ticket(project, v.patternId()).map(TicketRecord::state).orElse("none"))
                    .toList(), foundFor).isGreaterThan(0);
            assertThat(github.issues).hasSize(tickets.size());
        }
    }
}
