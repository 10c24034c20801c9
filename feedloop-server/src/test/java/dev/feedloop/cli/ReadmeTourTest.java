package dev.feedloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's first hour, as the README tells it: the demo (step 1), then every command of the
 * tour's step 3, in order, each in its own JVM as {@code ./feedloop} runs it, in a fresh folder.
 * Every command must succeed without a stack trace or an internal name, and the demo must leave
 * nothing in the temporary folder.
 */
class ReadmeTourTest {
    private static final String MARKER = "<!-- ReadmeTourTest";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void readmeTour_runsAsWritten_onTheDemoDatabase() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Map<String, String> env = new HashMap<>();
        Run demo = run(env, tmp, "demo", "--no-serve");
        // every planted pattern, the six of the question and the two of the answer, is found with its cause
        assertThat(demo.output()).contains("SUMMARY recall 1.00 (8/8 found)", "cause accuracy 1.00");
        assertThat(dir.resolve(DemoCommand.DEFAULT_DB)).exists();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList())
                    .as("what the demo left in the temporary folder").isEmpty();
        }

        List<String> outputs = new ArrayList<>();
        for (String line : tourLines()) {
            if (line.startsWith("export ")) {
                for (String assignment : words(line.substring("export ".length()))) {
                    String[] kv = assignment.split("=", 2);
                    env.put(kv[0], kv[1]);
                }
                continue;
            }
            assertThat(line).as("a tour command").startsWith("./feedloop ");
            List<String> args = words(line.substring("./feedloop ".length()));
            outputs.add(run(env, tmp, args.toArray(String[]::new)).output());
        }
        assertThat(outputs).hasSizeGreaterThanOrEqualTo(6);
        assertThat(String.join("\n", outputs)).contains("P-7", "merged P-4 into P-3");
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(dir.resolve("run.json").toFile()).get("patterns").size()).isPositive();
        assertThat(json.readTree(dir.resolve("verdicts.json").toFile()).size()).isGreaterThanOrEqualTo(5);
    }

    private record Run(String output) {
    }

    /** Runs the command line in its own JVM in the test folder, as the launcher would, and checks its output. */
    private Run run(Map<String, String> env, Path tmp, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx2g", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("FEEDLOOP_"));
        builder.environment().putAll(env);
        File log = dir.resolve("out.log").toFile();
        builder.redirectOutput(log);
        Process process = builder.start();
        assertThat(process.waitFor(8, TimeUnit.MINUTES)).as("finished: " + args[0]).isTrue();
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit code of %s; output:%n%s", String.join(" ", args), output).isZero();
        assertThat(output).as("output of " + String.join(" ", args))
                .doesNotContain("Exception", "\tat ", "dev.feedloop.", "SQL State", "unexpected; run with");
        return new Run(output);
    }

    /** The lines of the README's tour block, comments and blank lines removed. */
    static List<String> tourLines() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int marker = -1;
        for (int i = 0; i < readme.size(); i++) {
            if (readme.get(i).startsWith(MARKER)) {
                marker = i;
            }
        }
        assertThat(marker).as("the README marks its tour with " + MARKER).isNotNegative();
        assertThat(readme.get(marker + 1)).startsWith("```");
        List<String> lines = new ArrayList<>();
        for (int i = marker + 2; !readme.get(i).startsWith("```"); i++) {
            String line = withoutComment(readme.get(i)).strip();
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String withoutComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted && (i == 0 || line.charAt(i - 1) == ' ')) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Splits a shell line into words: spaces separate, double quotes group. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    words.add(word.toString());
                }
                word.setLength(0);
                any = false;
            } else {
                word.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(word.toString());
        }
        return words;
    }
}
