package dev.feedloop.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates the demo world: production traffic of "Wayfarer", a fictional travel-booking help
 * assistant, with eight planted failure patterns (six tied to one kind of question, two that show in
 * the answer on every topic), their causes and fixes, and the ground truth.
 *
 * <p>Example: {@code GroundTruth truth = Simulator.run(WorldSpec.defaults(), Path.of("demo-data"));}
 * writes {@value #RESPONSES_FILE}, {@value #FEEDBACK_FILE} and {@value #TRUTH_FILE}.
 *
 * <p>The world is generated day by day and streamed out, so memory does not grow with its
 * length (only the ground-truth id lists do). Everything is derived from the seed: no clock,
 * no shared random state.
 */
public final class Simulator {
    public static final String MODEL_A = "model-a";
    public static final String MODEL_B = "model-b";
    /** Share of responses served by {@link #MODEL_B}. */
    public static final double MODEL_B_SHARE = 0.3;
    public static final String RESPONSES_FILE = "responses.jsonl";
    public static final String FEEDBACK_FILE = "feedback.jsonl";
    public static final String TRUTH_FILE = "truth.json";

    private Simulator() {
    }

    /**
     * Streams the world into {@code sink}, in timestamp order (a response before its feedback).
     *
     * @return what was planted, with the ids of the failing responses
     * @throws IOException when the sink fails
     */
    public static GroundTruth run(WorldSpec spec, EventSink sink) throws IOException {
        Story story = Story.scaled(spec.days());
        Catalog catalog = Catalog.wayfarer(story);
        TruthCollector truth = new TruthCollector(catalog.patterns());
        DayGenerator generator = new DayGenerator(spec, story, catalog, truth);
        for (int day = 0; day < spec.days(); day++) {
            for (DayGenerator.Event event : generator.day(day)) {
                if (event.response() != null) {
                    sink.response(event.response());
                } else {
                    sink.feedback(event.feedback());
                }
            }
        }
        return truth.build(spec, story);
    }

    /**
     * Writes the world into {@code outDir} (created if missing; existing files are replaced).
     *
     * @throws IOException when the directory or a file cannot be written
     */
    public static GroundTruth run(WorldSpec spec, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        GroundTruth truth;
        try (JsonlSink sink = JsonlSink.open(outDir.resolve(RESPONSES_FILE), outDir.resolve(FEEDBACK_FILE))) {
            truth = run(spec, sink);
        }
        truth.write(outDir.resolve(TRUTH_FILE));
        return truth;
    }
}
