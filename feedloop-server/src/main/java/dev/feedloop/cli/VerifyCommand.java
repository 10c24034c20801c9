package dev.feedloop.cli;

import dev.feedloop.Feedloop;
import dev.feedloop.verify.VerifyConfig;
import dev.feedloop.verify.VerifyJson;
import dev.feedloop.verify.VerifyResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Verdicts for recorded fixes. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Judge recorded fixes: did the pattern's rate per response fall?",
            "Compares windows before and after the deployment (or, for a canary, the fix's prompt version",
            "against the older one over the same days) with an exact test on Poisson rates.",
            "effective resolves the pattern; not_effective reopens it; inconclusive says how much more data is needed."})
final class VerifyCommand extends ProjectCommand {

    @Option(names = "--pattern", description = "Only this pattern's fixes.")
    String pattern;

    @Option(names = "--as-of", description = "Judge as of this time (default: now).")
    String asOf;

    @Mixin
    JsonOption json;

    @Option(names = "--window-days", description = "Before/after window length in days (default: ${DEFAULT-VALUE}).")
    int windowDays = (int) VerifyConfig.DEFAULT.window().toDays();

    @Option(names = "--min-effect", description = "Smallest reduction that counts as effective (default: ${DEFAULT-VALUE}).")
    double minEffect = VerifyConfig.DEFAULT.policy().minEffect();

    @Override
    public Integer call() throws Exception {
        if (windowDays < 1 || windowDays > 365) {
            throw new IllegalArgumentException("--window-days must be 1-365, got " + windowDays);
        }
        VerifyConfig d = VerifyConfig.DEFAULT;
        VerifyConfig config = new VerifyConfig(Duration.ofDays(windowDays), d.settling(), d.minCanaryDays(),
                d.minDailyResponses(), d.recurrenceWindow(), d.policy().withMinEffect(minEffect));
        try (Feedloop feedloop = db.open()) {
            Instant when = asOf == null ? feedloop.clock().instant() : TimeArgs.instant(asOf, "--as-of");
            List<VerifyResult> results = feedloop.verifier(config).verify(project(), pattern, when);
            if (!json.write(out(), () -> VerifyJson.tree(results))) {
                Reports.printVerify(out(), results);
            }
        }
        return 0;
    }
}
