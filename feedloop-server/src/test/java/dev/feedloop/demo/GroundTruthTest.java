package dev.feedloop.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** truth.json: written and read back as it was, and an older file without the {@code view} field still reads. */
class GroundTruthTest {
    @TempDir
    Path dir;

    @Test
    void truthJson_roundTrips_withTheViewOfEveryPattern() throws Exception {
        GroundTruth truth = Simulator.run(WorldSpec.defaults().withDays(14).withPerDay(150), dir);
        GroundTruth read = GroundTruth.read(dir.resolve(Simulator.TRUTH_FILE));
        assertThat(read).isEqualTo(truth);
        JsonNode json = new ObjectMapper().readTree(dir.resolve(Simulator.TRUTH_FILE).toFile());
        assertThat(json.get("patterns").get(0).get("view").asText()).isEqualTo("question");
        assertThat(json.get("patterns").get(7).get("view").asText()).isEqualTo("answer");
        assertThat(json.get("patterns").get(7).get("topic").asText()).isEqualTo("*");
    }

    @Test
    void truthJson_withoutView_readsEveryPatternAsQuestionSide() throws Exception {
        Simulator.run(WorldSpec.defaults().withDays(14).withPerDay(150), dir);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode json = mapper.readTree(dir.resolve(Simulator.TRUTH_FILE).toFile());
        json.get("patterns").forEach(p -> ((ObjectNode) p).remove("view"));
        Path older = dir.resolve("older-truth.json");
        Files.writeString(older, mapper.writeValueAsString(json));

        GroundTruth read = GroundTruth.read(older);

        assertThat(read.patterns()).hasSize(8).allSatisfy(p -> assertThat(p.view()).isEqualTo("question"));
        assertThat(read.pattern("p8-wrong-language").failingRequestIds()).isNotEmpty();
    }

    @Test
    void pattern_withAnUnknownView_isRejectedNamingIt() {
        assertThatThrownBy(() -> new GroundTruth.Pattern("p9", "n", "prompt", "*", "reaction", "d", Instant.EPOCH, null,
                List.of(), List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reaction");
    }
}
