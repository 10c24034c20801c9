package dev.feedloop.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * What the simulator planted, written as {@code truth.json}: the prompt-version rollout, the
 * failure patterns with their causes, fixes and failing responses, and the background noise.
 * Triage and verification tests score themselves against it.
 *
 * <p>Example: {@code GroundTruth.read(dir.resolve("truth.json")).pattern("p4-refuses-name-fix").fix()}.
 *
 * @param noiseRequestIds responses with a background negative (not caused by any pattern)
 */
public record GroundTruth(
        long seed,
        LocalDate start,
        int days,
        int perDay,
        String project,
        double noiseRate,
        List<ModelShare> models,
        List<PromptPeriod> promptVersions,
        List<Pattern> patterns,
        List<String> noiseRequestIds,
        Counts counts) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public GroundTruth {
        models = List.copyOf(models);
        promptVersions = List.copyOf(promptVersions);
        patterns = List.copyOf(patterns);
        noiseRequestIds = List.copyOf(noiseRequestIds);
    }

    /** @param share expected share of responses served by the model */
    public record ModelShare(String model, double share) {
    }

    /** A prompt version serving {@code share} of the traffic in [from, to). */
    public record PromptPeriod(String version, Instant from, Instant to, double share) {
    }

    /**
     * One planted failure pattern.
     *
     * @param cause             {@code prompt}, {@code retrieval} or {@code model_limitation}
     * @param topic             the sub-topic whose questions it affects, or {@value #ALL_TOPICS} for a
     *                          pattern that cuts across every topic
     * @param view              {@value #QUESTION} when the failure is tied to what users ask (a kind of
     *                          question keeps failing), {@value #ANSWER} when it shows in the answer
     *                          whatever the question; a truth.json without it reads as {@value #QUESTION}
     * @param start             when its failures begin
     * @param fix               the shipped fix, or {@code null} when none is shipped
     * @param failingRequestIds responses it made wrong that got a negative signal: what triage should group
     * @param daily             per day and prompt version: responses exposed to it (its topic's, all
     *                          responses, or one model's) and failing ones
     * @throws IllegalArgumentException for a view other than the two
     */
    public record Pattern(String id, String name, String cause, String topic, String view, String description,
                          Instant start, Fix fix, List<String> failingRequestIds, List<DailyCount> daily) {
        /** The {@code topic} of a pattern that is not tied to one topic. */
        public static final String ALL_TOPICS = "*";
        public static final String QUESTION = "question";
        public static final String ANSWER = "answer";

        public Pattern {
            view = view == null ? QUESTION : view;
            if (!view.equals(QUESTION) && !view.equals(ANSWER)) {
                throw new IllegalArgumentException("view must be " + QUESTION + " or " + ANSWER + ": " + view);
            }
            failingRequestIds = List.copyOf(failingRequestIds);
            daily = List.copyOf(daily);
        }
    }

    /**
     * A fix as a team would record it.
     *
     * @param promptVersion   the version that carries it, or {@code null} for a knowledge-base fix
     * @param canary          whether it ran beside the old version on part of the traffic first
     * @param effective       whether it really lowers the pattern's rate
     * @param expectedVerdict {@code effective} or {@code not_effective}, what verification should say
     */
    public record Fix(Instant deployedAt, String promptVersion, boolean canary, boolean effective,
                      String expectedVerdict, String note) {
        public Fix {
            String expected = effective ? "effective" : "not_effective";
            if (!expected.equals(expectedVerdict)) {
                throw new IllegalArgumentException("expected verdict " + expectedVerdict + " contradicts effective=" + effective);
            }
        }
    }

    public record DailyCount(LocalDate date, String promptVersion, int inScope, int failing) {
    }

    /** @param negatives every response with a negative signal, planted or noise */
    public record Counts(long responses, long feedback, long negatives, long noise) {
    }

    /**
     * The pattern with this id.
     *
     * @throws NoSuchElementException when there is none
     */
    public Pattern pattern(String id) {
        return patterns.stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no planted pattern " + id));
    }

    /** All failing request ids of all patterns. */
    public List<String> failingRequestIds() {
        List<String> out = new ArrayList<>();
        patterns.forEach(p -> out.addAll(p.failingRequestIds()));
        return out;
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    public static GroundTruth read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), GroundTruth.class);
    }
}
