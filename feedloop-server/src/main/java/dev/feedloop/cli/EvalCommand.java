package dev.feedloop.cli;

import dev.feedloop.Feedloop;
import dev.feedloop.demo.GroundTruth;
import dev.feedloop.eval.Evaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Scores the loop against a simulated world's truth. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Score what the loop found against a simulated world's truth.json.",
            "Reports pattern recall and purity (found = F1 >= 0.5), spurious patterns, cause and verdict accuracy."})
final class EvalCommand implements Callable<Integer> {
    @Mixin
    DbOption db;

    @Option(names = "--truth", required = true, description = "truth.json written by 'feedloop simulate'.")
    Path truth;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isReadable(truth)) {
            throw new IllegalArgumentException("cannot read " + truth);
        }
        GroundTruth t = GroundTruth.read(truth);
        try (Feedloop feedloop = db.open()) {
            EvalPrinter.print(spec.commandLine().getOut(), Evaluation.score(t, feedloop.store(), t.project()));
        }
        return 0;
    }
}
