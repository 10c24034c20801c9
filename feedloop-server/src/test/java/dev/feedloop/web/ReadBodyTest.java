package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReadBodyTest {
    private static byte[] read(String body, long declared, long max) throws IOException {
        return ApiServer.readBody(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), declared, max);
    }

    @Test
    void aDeclaredLengthIsReadWhole() throws IOException {
        assertThat(new String(read("{\"a\":1}", 7, 100), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void aShorterBodyThanDeclaredIsWhatWasSent() throws IOException {
        assertThat(read("{}", 10, 100)).hasSize(2);
    }

    @Test
    void moreThanDeclaredIsKeptUpToOneByteOverTheLimit() throws IOException {
        assertThat(read("0123456789", 4, 100)).hasSize(10);
        assertThat(read("0123456789", 4, 6)).hasSize(7);
    }

    @Test
    void withoutADeclaredLengthTheLimitPlusOneIsRead() throws IOException {
        assertThat(read("0123456789", -1, 100)).hasSize(10);
        assertThat(read("0123456789", -1, 5)).hasSize(6);
        assertThat(read("0123456789", 10, 5)).hasSize(6);
    }
}
