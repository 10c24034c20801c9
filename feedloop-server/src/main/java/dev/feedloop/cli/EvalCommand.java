package dev.feedloop.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.feedloop.Feedloop;
import dev.feedloop.capture.JsonProblem;
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
        GroundTruth t = readTruth();
        try (Feedloop feedloop = db.open()) {
            EvalPrinter.print(spec.commandLine().getOut(), Evaluation.score(t, feedloop.store(), t.project()));
        }
        return 0;
    }

    private GroundTruth readTruth() throws IOException {
        try {
            return GroundTruth.read(truth);
        } catch (JsonMappingException e) {
            // valid JSON of another shape, or none at all
            throw new IllegalArgumentException(truth + " is not a truth.json written by 'feedloop simulate'");
        } catch (JsonProcessingException | java.io.CharConversionException e) {
            throw new IllegalArgumentException(JsonProblem.of(e).describe(truth.toString()));
        }
    }
}
