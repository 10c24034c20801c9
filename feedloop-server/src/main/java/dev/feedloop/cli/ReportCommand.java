package dev.feedloop.cli;

import dev.feedloop.Feedloop;
import dev.feedloop.config.Settings;
import dev.feedloop.web.dashboard.Week;
import dev.feedloop.web.dashboard.WeeklyReport;
import dev.feedloop.web.dashboard.WebhookPost;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The weekly report in Markdown or HTML, to a file, the terminal or the webhook. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"The weekly report: the week's numbers, new, recurring, reopened and regressed patterns,",
            "fix verdicts with their intervals, escalations and tickets (pattern names redacted).",
            "Examples:  feedloop report",
            "           feedloop report --week 2026-W46 --format html --out week46.html",
            "           feedloop report --post     (to FEEDLOOP_WEBHOOK_URL, signed with FEEDLOOP_WEBHOOK_SECRET)"})
final class ReportCommand extends ProjectCommand {
    @Option(names = "--week", paramLabel = "YYYY-Www",
            description = "ISO week, e.g. 2026-W47 (default: the last complete week with data).")
    String week;

    @Option(names = "--format", defaultValue = "md", description = "md (default) or html.")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path outFile;

    @Option(names = "--post", description = "Also post the report to FEEDLOOP_WEBHOOK_URL (a Slack incoming webhook works).")
    boolean post;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("md") && !format.equals("html")) {
            throw new IllegalArgumentException("--format must be md or html, got '" + format + "'");
        }
        try (Feedloop feedloop = db.open()) {
            WeeklyReport reports = new WeeklyReport(feedloop.store(), feedloop.clock());
            Week chosen = week != null ? Week.parse(week) : reports.defaultWeek(project()).orElseThrow(() ->
                    new IllegalStateException(Reports.nothingIn(feedloop.store(), project(), "No responses")
                            + ", so there is no week to report on"));
            WeeklyReport.Report report = reports.build(project(), chosen);
            String text = format.equals("md") ? WeeklyReport.markdown(report) : WeeklyReport.htmlPage(report);
            if (outFile == null) {
                out().print(text);
                out().flush();
            } else {
                Files.writeString(outFile, text);
                err().println("weekly report of " + project() + " " + chosen.label() + " written to " + outFile);
            }
            if (post) {
                String url = Settings.get(Settings.WEBHOOK_URL, System.getenv());
                if (url.isBlank()) {
                    throw new IllegalStateException("--post needs FEEDLOOP_WEBHOOK_URL (and FEEDLOOP_WEBHOOK_SECRET to sign)");
                }
                WebhookPost.send(java.net.URI.create(url), Settings.get(Settings.WEBHOOK_SECRET, System.getenv()),
                        report, feedloop.clock());
                err().println("posted to the webhook");
            }
        }
        return 0;
    }
}
