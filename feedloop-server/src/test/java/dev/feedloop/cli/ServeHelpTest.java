package dev.feedloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServeHelpTest {
    @Test
    void serveHelp_listsEveryEnvironmentSettingWithItsDefault() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Main.run("serve", "--help");
        } finally {
            System.setOut(original);
        }
        String help = captured.toString(StandardCharsets.UTF_8);

        assertThat(code).isZero();
        assertThat(help).contains("Usage: feedloop serve", "FEEDLOOP_DURABILITY=full", "FEEDLOOP_EMBEDDING_THREADS=0",
                "FEEDLOOP_API_KEY (unset)");
        Settings.ALL.forEach(s -> assertThat(help).contains(s.env()));
    }
}
