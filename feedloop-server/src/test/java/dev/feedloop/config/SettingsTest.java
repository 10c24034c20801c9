package dev.feedloop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    /** The README's configuration table is checked against the one list of settings. */
    @Test
    void readme_documentsEverySettingWithItsDefault() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        for (Setting<?> s : Settings.ALL) {
            String shownDefault = s.defaultValue().isEmpty() ? "(none)" : "`" + s.defaultValue() + "`";
            assertThat(text).as(s.env()).contains("| `" + s.env() + "` | " + shownDefault + " | " + s.doc() + " |");
        }
    }

    @Test
    void get_missingVariable_usesTheDefault() {
        assertThat(Settings.get(Settings.PORT, Map.of())).isEqualTo(8080);
    }

    @Test
    void get_invalidValue_namesTheVariable() {
        assertThatThrownBy(() -> Settings.get(Settings.PORT, Map.of("FEEDLOOP_PORT", "eighty")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FEEDLOOP_PORT=eighty");
        assertThatThrownBy(() -> Settings.get(Settings.DURABILITY, Map.of("FEEDLOOP_DURABILITY", "maybe")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("full, normal");
        assertThatThrownBy(() -> Settings.get(Settings.PSEUDONYM_SECRET, Map.of("FEEDLOOP_PSEUDONYM_SECRET", "short")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("16");
    }
}
