package dev.feedloop.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalystSettingsTest {
    @Test
    void unset_isOffline() {
        assertThat(AnalystSettings.from(Map.of()).enabled()).isFalse();
    }

    @Test
    void anthropic_defaultsItsModelAndBase_andNeedsAKey() {
        AnalystSettings s = AnalystSettings.from(Map.of("FEEDLOOP_LLM_PROVIDER", "anthropic", "ANTHROPIC_API_KEY", "k"));
        assertThat(s.model()).isEqualTo("claude-sonnet-4-6");
        assertThat(s.baseUrl()).isEqualTo("https://api.anthropic.com");
        assertThat(s.toString()).doesNotContain("=k,");
        assertThatThrownBy(() -> AnalystSettings.from(Map.of("FEEDLOOP_LLM_PROVIDER", "anthropic")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ANTHROPIC_API_KEY");
    }

    @Test
    void openai_needsAModel_andRejectsABadUrlOrProvider() {
        assertThatThrownBy(() -> AnalystSettings.from(Map.of("FEEDLOOP_LLM_PROVIDER", "openai")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FEEDLOOP_LLM_MODEL");
        assertThatThrownBy(() -> AnalystSettings.from(Map.of("FEEDLOOP_LLM_PROVIDER", "openai", "FEEDLOOP_LLM_MODEL",
                "m", "FEEDLOOP_LLM_BASE_URL", "localhost:11434"))).hasMessageContaining("FEEDLOOP_LLM_BASE_URL");
        assertThatThrownBy(() -> AnalystSettings.from(Map.of("FEEDLOOP_LLM_PROVIDER", "gemini")))
                .hasMessageContaining("anthropic, openai");
    }
}
