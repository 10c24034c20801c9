package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedloop.capture.IngestReport;
import dev.feedloop.capture.Rejection;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void report_withoutRejections_isTheSameJsonAsTheTree() throws Exception {
        for (int[] counts : new int[][] {{1, 0}, {0, 1}, {0, 0}, {999, 1}, {Integer.MAX_VALUE, 7}}) {
            IngestReport report = new IngestReport(counts[0], counts[1], List.of());
            String direct = Views.report(json, report);

            assertThat(direct).isEqualTo(Views.reportTree(json, report).toString());
            assertThat(json.readTree(direct).get("stored").asInt()).isEqualTo(counts[0]);
        }
    }

    @Test
    void report_withRejections_isTheTree() throws Exception {
        IngestReport report = new IngestReport(1, 0, List.of(new Rejection(1, "invalid_field", "rating", "must be 1-5")));

        String text = Views.report(json, report);

        assertThat(text).isEqualTo(Views.reportTree(json, report).toString());
        assertThat(json.readTree(text).at("/rejected/0/field").asText()).isEqualTo("rating");
    }
}
