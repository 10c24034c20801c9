package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedloop.capture.IngestReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void cleanReport_isTheSameJsonAsTheTreeReport() throws Exception {
        for (int[] counts : new int[][] {{1, 0}, {0, 1}, {0, 0}, {999, 1}, {Integer.MAX_VALUE, 7}}) {
            String direct = Views.cleanReport(counts[0], counts[1]);
            String tree = Views.report(json, new IngestReport(counts[0], counts[1], List.of())).toString();

            assertThat(direct).isEqualTo(tree);
            assertThat(json.readTree(direct).get("stored").asInt()).isEqualTo(counts[0]);
        }
    }
}
