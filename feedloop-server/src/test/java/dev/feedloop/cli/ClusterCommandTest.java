package dev.feedloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.triage.embed.Embedder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ClusterCommandTest {

    /** Embeds a text by its first word: same first word, same direction (plus a small wobble). */
    static final class FirstWordEmbedder implements Embedder {
        @Override
        public String modelId() {
            return "first-word";
        }

        @Override
        public int dimension() {
            return 16;
        }

        @Override
        public List<float[]> embed(List<String> texts) {
            List<float[]> out = new ArrayList<>();
            for (String t : texts) {
                float[] v = new float[16];
                v[Math.floorMod(t.split(" ")[0].hashCode(), 8)] = 1;
                v[8 + Math.floorMod(t.hashCode(), 8)] = 0.05f;
                out.add(v);
            }
            return out;
        }
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new ClusterCommand(name -> new FirstWordEmbedder()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void cluster_blankLines_keepLineAlignmentAndGetNoiseLabel(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lines.add("refund request number " + i);
            lines.add("");
            lines.add("login fails on attempt " + i);
        }
        lines.add("   ");
        Path in = dir.resolve("texts.txt");
        Files.write(in, lines, StandardCharsets.UTF_8);

        int code = run("--input", in.toString());

        String[] labels = out.toString().split("\n");
        assertThat(code).isZero();
        assertThat(labels).hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                assertThat(labels[i]).as("blank line %d", i).isEqualTo("-1");
            }
        }
        assertThat(labels[0]).isEqualTo(labels[3]).isNotEqualTo("-1");
        assertThat(labels[2]).isEqualTo(labels[5]).isNotEqualTo(labels[0]).isNotEqualTo("-1");
        assertThat(err.toString()).contains("12 texts, 2 clusters, 0 noise");
    }

    @Test
    void cluster_outputOption_writesFileInsteadOfStdout(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.txt");
        Path target = dir.resolve("labels.txt");
        Files.write(in, List.of("a 1", "a 2", "a 3", "b 1", "b 2", "b 3"), StandardCharsets.UTF_8);

        int code = run("--input", in.toString(), "--output", target.toString());

        assertThat(code).isZero();
        assertThat(out.toString()).isEmpty();
        // Equal sizes: the cluster seen first gets label 0.
        assertThat(Files.readAllLines(target)).containsExactly("0", "0", "0", "1", "1", "1");
    }

    @Test
    void cluster_minSizeAboveEveryCluster_marksAllNoise(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.txt");
        Files.write(in, List.of("a 1", "a 2", "a 3", "b 1", "b 2", "b 3"), StandardCharsets.UTF_8);

        int code = run("--input", in.toString(), "--min-size", "4");

        assertThat(code).isZero();
        assertThat(out.toString().split("\n")).containsOnly("-1").hasSize(6);
    }

    @Test
    void cluster_missingInput_failsWithClearMessage(@TempDir Path dir) {
        int code = run("--input", dir.resolve("nope.txt").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Input file not found").contains("nope.txt");
    }

    @Test
    void cluster_thresholdOutOfRange_isAUsageError(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.txt");
        Files.write(in, List.of("a"), StandardCharsets.UTF_8);

        int code = run("--input", in.toString(), "--threshold", "2");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("mergeThreshold must be in (0, 1), got 2.0");
    }
}
