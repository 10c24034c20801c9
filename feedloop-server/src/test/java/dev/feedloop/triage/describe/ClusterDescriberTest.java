package dev.feedloop.triage.describe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterDescriberTest {

    /** Member i of a cluster gets a vector near that cluster's axis, slightly tilted by i. */
    private static ClusterMembers members(List<String> texts, int axis) {
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            float[] v = new float[4];
            v[axis] = 1;
            v[3] = 0.15f * i;
            vectors.add(v);
        }
        return new ClusterMembers(texts, vectors);
    }

    @Test
    void describe_syntheticClusters_namesKeywordsAndExamples() {
        List<ClusterMembers> clusters = new ArrayList<>();
        for (int c = 0; c < CTfIdfTest.CLUSTERS.size(); c++) {
            clusters.add(members(CTfIdfTest.CLUSTERS.get(c), c));
        }
        List<ClusterDescription> out = ClusterDescriber.defaults().describe(clusters, List.of());
        assertThat(out).hasSize(3);
        assertThat(out.get(0).name()).contains("Refund");
        assertThat(out.get(1).name()).containsAnyOf("Login", "Password");
        assertThat(out.get(2).name()).containsAnyOf("Delivery", "Tracking");
        for (ClusterDescription d : out) {
            assertThat(d.keywords()).isNotEmpty().hasSizeLessThanOrEqualTo(10);
            assertThat(d.examples()).isNotEmpty().hasSizeLessThanOrEqualTo(5);
        }
        // Tilts are 0, .15, .3, .45, .6: member 2 has the mean tilt, so it is the most central.
        assertThat(out.get(0).examples().get(0).index()).isEqualTo(2);
    }

    @Test
    void describe_sameInput_sameOutput() {
        List<ClusterMembers> clusters = List.of(members(CTfIdfTest.CLUSTERS.get(0), 0),
                members(CTfIdfTest.CLUSTERS.get(1), 1));
        List<ClusterDescription> a = ClusterDescriber.defaults().describe(clusters, List.of());
        List<ClusterDescription> b = ClusterDescriber.defaults().describe(clusters, List.of());
        assertThat(a).extracting(ClusterDescription::name).isEqualTo(b.stream().map(ClusterDescription::name).toList());
        assertThat(a).extracting(ClusterDescription::keywordTerms)
                .isEqualTo(b.stream().map(ClusterDescription::keywordTerms).toList());
    }

    @Test
    void describe_invalidArguments_areRejected() {
        ClusterDescriber describer = ClusterDescriber.defaults();
        assertThatThrownBy(() -> describer.describe(List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        List<ClusterMembers> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> describer.describe(withNull, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClusterMembers(List.of("a"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 texts and 0 vectors");
        assertThatThrownBy(() -> new ClusterDescriber(Tokenizer.english(), 0, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 keywords");
    }
}
