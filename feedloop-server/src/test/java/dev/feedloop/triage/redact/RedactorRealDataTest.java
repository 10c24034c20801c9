package dev.feedloop.triage.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.feedloop.triage.describe.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * False positives on real user text: banking77, hwu64 and stackoverflow20 are short real
 * queries that were published, so they hold (next to) no personal data; whatever the
 * redactor replaces there is taken for a false positive.
 */
class RedactorRealDataTest {
    private static final Redactor REDACTOR = Redactor.standard();

    @Test
    void realQueries_areAlmostNeverRedacted() throws IOException {
        Optional<Path> data = SharedData.dir();
        assumeTrue(data.isPresent(), "shared/data not found; skipping the real-data check");
        int texts = 0;
        int changed = 0;
        Map<PiiKind, Integer> kinds = new EnumMap<>(PiiKind.class);
        for (String file : List.of("banking77/train.csv", "banking77/test.csv", "hwu64/hwu64.csv",
                "stackoverflow20/stackoverflow20.csv")) {
            Path path = data.get().resolve(file);
            assumeTrue(Files.isRegularFile(path), path + " missing");
            for (List<String> row : SharedData.csv(path)) {
                Redaction r = REDACTOR.redactWithReport(row.get(0));
                texts++;
                if (r.changed()) {
                    changed++;
                    r.counts().forEach((k, n) -> kinds.merge(k, n, Integer::sum));
                }
            }
        }
        System.out.printf("real queries redacted: %d of %d %s%n", changed, texts, kinds);
        assertThat(texts).isGreaterThan(40_000);
        assertThat(changed).isLessThanOrEqualTo(texts / 1000);
    }
}
