package dev.feedloop.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteLinesTest {
    /** Hands out one byte per read, so every line end falls on a buffer boundary at some point. */
    static InputStream trickle(String text) {
        InputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return in.read(b, off, Math.min(1, len));
            }
        };
    }

    static List<String> lines(InputStream in) throws IOException {
        ByteLines lines = new ByteLines(in);
        List<String> out = new ArrayList<>();
        byte[] line;
        while ((line = lines.next()) != null) {
            out.add(line == ByteLines.TOO_LONG ? "<too long>" : new String(line, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void next_splitsOnEveryKindOfLineEnd_evenAcrossReads() throws IOException {
        String text = "a\nb\r\nc\rd\n\ne";

        assertThat(lines(trickle(text))).containsExactly("a", "b", "c", "d", "", "e");
        assertThat(lines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))
                .containsExactly("a", "b", "c", "d", "", "e");
    }

    @Test
    void next_lineLongerThanTheBuffer_isReadWhole() throws IOException {
        String longLine = "x".repeat(200_000);

        assertThat(lines(new ByteArrayInputStream((longLine + "\nnext\n").getBytes(StandardCharsets.UTF_8))))
                .containsExactly(longLine, "next");
    }

    @Test
    void isBlank_meansOnlySpacesAndTabs() {
        assertThat(ByteLines.isBlank(" \t ".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(ByteLines.isBlank(" {".getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
