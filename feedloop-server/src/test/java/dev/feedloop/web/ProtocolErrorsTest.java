package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedloop.PlainMessages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests the HTTP server refuses before any route sees them (oversized headers, broken request
 * lines): they are answered in the API's JSON error shape like every other error, not with the
 * server library's HTML page.
 */
class ProtocolErrorsTest {
    @TempDir
    static Path dir;
    static ServerFixture api;

    @BeforeAll
    static void start() {
        api = ServerFixture.start(dir, 64 * 1024);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** Status line, headers and body of the answer to raw bytes. */
    record Raw(int status, String head, String body) {
    }

    static Raw send(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    if (complete(out.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // the server may close after answering
            }
            String text = out.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            return new Raw(Integer.parseInt(text.substring(9, 12)), text.substring(0, split), text.substring(split + 4));
        }
    }

    /** True once the headers and Content-Length bytes of body have arrived. */
    private static boolean complete(String text) {
        int split = text.indexOf("\r\n\r\n");
        if (split < 0) {
            return false;
        }
        var m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text.substring(0, split));
        return m.find() && text.length() - split - 4 >= Integer.parseInt(m.group(1));
    }

    static Raw send(String request) throws IOException {
        return send(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static JsonNode assertJsonError(Raw r, String code) throws IOException {
        assertThat(r.head()).containsIgnoringCase("content-type: application/json");
        JsonNode error = ServerFixture.JSON.readTree(r.body());
        assertThat(error.get("error").asText()).isEqualTo(code);
        assertThat(error.has("field") && error.get("field").isNull()).as("field is null").isTrue();
        PlainMessages.assertPlain(error.get("message").asText());
        return error;
    }

    @Test
    void oversizedAuthorizationHeader_isAnsweredJson431() throws IOException {
        HttpResponse<String> r = api.send(api.request("/v1/feedback")
                .header("Authorization", "Bearer " + "k".repeat(64 * 1024))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(r.statusCode()).isEqualTo(431);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = ServerFixture.json(r);
        assertThat(error.get("error").asText()).isEqualTo("headers_too_large");
        assertThat(error.get("message").asText()).isEqualTo("the request headers are over 8192 bytes;"
                + " an API key is under 100 characters, so check the Authorization header, or send fewer headers");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no path in the request line | HELLO\\r\\n\\r\\n                                                         | 400 | bad_request
            space in a header name      | GET /health HTTP/1.1\\r\\nHost: x\\r\\nBad Header\\r\\n\\r\\n              | 400 | bad_request
            control character in a path | GET /he\\u0001lth HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                        | 400 | bad_request
            broken percent escape       | GET /v1/responses/%zz HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                    | 400 | bad_request
            Content-Length not a number | POST /v1/feedback HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: abc\\r\\n\\r\\n | 400 | bad_request
            unknown HTTP version        | GET /health HTTP/9.9\\r\\nHost: x\\r\\n\\r\\n                             | 505 | http_version_not_supported
            """)
    void malformedRequest_isAnsweredInTheApisJsonShape(String name, String request, int status, String code)
            throws IOException {
        String wire = request.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0001", "\u0001");

        Raw r = send(wire);

        assertThat(r.status()).as(r.head() + "\n" + r.body()).isEqualTo(status);
        assertJsonError(r, code);
    }

    @Test
    void overlongPath_isAnsweredJson414() throws IOException {
        Raw r = send("GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(r.status()).isEqualTo(414);
        assertJsonError(r, "uri_too_long");
    }

    @Test
    void badContentLength_saysWhichHeader() throws IOException {
        Raw r = send("POST /v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n");

        assertThat(assertJsonError(r, "bad_request").get("message").asText()).isEqualTo("the request is not valid HTTP:"
                + " its Content-Length header is not a number; check the client that sent it");
    }
}
