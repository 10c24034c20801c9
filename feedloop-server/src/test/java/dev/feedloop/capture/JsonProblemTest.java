package dev.feedloop.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedloop.PlainMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonProblemTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Jackson's exception for a text, translated. */
    static JsonProblem problem(byte[] text) {
        try {
            JSON.readTree(text);
        } catch (IOException e) {
            return JsonProblem.of(e);
        }
        throw new AssertionError("valid JSON: " + new String(text, StandardCharsets.UTF_8));
    }

    static JsonProblem problem(String text) {
        return problem(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"a":NaN}             | the body is not valid JSON: NaN and Infinity are not JSON numbers (line 1, column 9)
            {"a":-Infinity}       | the body is not valid JSON: NaN and Infinity are not JSON numbers (line 1, column 15)
            {"a":x}               | the body is not valid JSON: 'x' is not a JSON value (text needs double quotes; the words are true, false and null) (line 1, column 8)
            {"a":01}              | the body is not valid JSON: numbers must not have leading zeros (line 1, column 7)
            {"a":1.}              | the body is not valid JSON: a decimal point must be followed by a digit (line 1, column 8)
            {"a":+1}              | the body is not valid JSON: numbers must not start with '+' (line 1, column 7)
            {"a":1e}              | the body is not valid JSON: an exponent (e or E) must be followed by a digit (line 1, column 8)
            {"a":-}               | the body is not valid JSON: a minus sign must be followed by a digit (line 1, column 7)
            {"a":.5}              | the body is not valid JSON: expected a value, found '.' (line 1, column 6)
            {"a":1                | the body is not valid JSON: it ends before '}' closes an object (line 1, column 7)
            [1,2                  | the body is not valid JSON: it ends before ']' closes an array (line 1, column 5)
            {"a":"abc             | the body is not valid JSON: it ends inside a string (a closing '"' is missing) (line 1, column 10)
            {"a                   | the body is not valid JSON: it ends inside a field name (a closing '"' is missing) (line 1, column 4)
            {"a"                  | the body is not valid JSON: it ends before '}' closes an object (line 1, column 5)
            [1,2}                 | the body is not valid JSON: found '}' where ']' should close an array (line 1, column 5)
            {"a":1]               | the body is not valid JSON: found ']' where '}' should close an object (line 1, column 7)
            ]                     | the body is not valid JSON: ']' closes nothing (line 1, column 1)
            {a:1}                 | the body is not valid JSON: expected a field name in double quotes, found 'a' (line 1, column 2)
            {'a':1}               | the body is not valid JSON: expected a field name in double quotes, found "'" (line 1, column 2)
            {"a":1,}              | the body is not valid JSON: a comma is followed by '}' (JSON allows no trailing comma) (line 1, column 8)
            [1,]                  | the body is not valid JSON: a comma is followed by ']' (JSON allows no trailing comma) (line 1, column 4)
            {"a" 1}               | the body is not valid JSON: expected ':' after a field name, found '1' (line 1, column 6)
            {"a":1 "b":2}         | the body is not valid JSON: expected ',' or '}' after a value in an object, found '"' (line 1, column 8)
            [1 2]                 | the body is not valid JSON: expected ',' or ']' after a value in an array, found '2' (line 1, column 4)
            {"a":"x\\qy"}         | the body is not valid JSON: \\q is not a JSON escape (a backslash is written \\\\) (line 1, column 9)
            {"a":"\\u12g4"}       | the body is not valid JSON: a \\u escape needs four hex digits, found 'g' (line 1, column 11)
            {"a":1}/* c */        | the body is not valid JSON: comments are not allowed in JSON (line 1, column 8)
            {} {}                 | the body holds more than one JSON value (line 1, column 4)
            42x                   | the body is not valid JSON: unexpected 'x' after a value (line 1, column 3)
            """)
    void describe_translatesJacksonsMessage(String text, String sentence) {
        JsonProblem problem = problem(text);

        assertThat(problem.describe("the body")).isEqualTo(sentence);
        PlainMessages.assertPlain(problem.describe("the body"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            nesting    | the body nests arrays or objects more than 1000 deep
            number     | the body holds a number of more than 1000 digits
            name       | the body holds a field name of more than 50000 characters
            """)
    void describe_limits_sayWhatIsAllowed(String limit, String sentence) {
        String text = switch (limit) {
            case "nesting" -> "[".repeat(1_001) + "]".repeat(1_001);
            case "number" -> "[" + "1".repeat(1_001) + "]";
            default -> "{\"" + "n".repeat(50_001) + "\":1}";
        };

        assertThat(problem(text).describe("the body")).isEqualTo(sentence);
    }

    @org.junit.jupiter.api.Test
    void describe_controlCharacters_areNamedByCodePoint() {
        assertThat(problem("{\"a\":\"two\nlines\"}").describe("the body")).isEqualTo("the body is not valid JSON: "
                + "a string holds the control character U+000A unescaped (write it as \\n, \\t or \\u000a) (line 1, column 10)");
        assertThat(problem("{\"a\":1}\u0000").describe("the body")).isEqualTo(
                "the body is not valid JSON: the control character U+0000 is not allowed outside strings (line 1, column 9)");
    }

    @org.junit.jupiter.api.Test
    void describe_encodingErrors_sayTheTextIsNotUtf8() {
        assertThat(problem(new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}).describe("the body"))
                .isEqualTo("the body is not valid JSON: byte 0xff is not UTF-8 (JSON must be UTF-8) (line 1, column 5)");
        assertThat(problem(new byte[] {0, 0, 0, '{', 0, 0, 0, '"', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, '"'})
                .describe("the body")).isEqualTo("the body is not valid JSON: the text is not UTF-8 (JSON must be UTF-8)");
    }

    @org.junit.jupiter.api.Test
    void inLine_keepsTheColumnOnly() {
        assertThat(problem("{\"a\":NaN}").inLine().describe("the line"))
                .isEqualTo("the line is not valid JSON: NaN and Infinity are not JSON numbers (column 9)");
    }

    @org.junit.jupiter.api.Test
    void unlocated_dropsThePlace() {
        assertThat(problem("{\"a\":NaN}").unlocated().describe("tags"))
                .isEqualTo("tags is not valid JSON: NaN and Infinity are not JSON numbers");
    }

    @org.junit.jupiter.api.Test
    void of_anUnknownMessage_fallsBackToAPlainSentence() {
        var unknown = new com.fasterxml.jackson.core.JsonParseException(null, "Some future `Feature.X` message");

        assertThat(JsonProblem.of(unknown).describe("the body")).isEqualTo("the body is not valid JSON");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            string   | the body holds a string of more than 10 characters
            document | the body is longer than 20 characters
            tokens   | the body holds more than 5 values
            """)
    void describe_everyReadLimit_saysWhatIsAllowed(String limit, String sentence) {
        var constraints = com.fasterxml.jackson.core.StreamReadConstraints.builder();
        String text = switch (limit) {
            case "string" -> {
                constraints.maxStringLength(10);
                yield "{\"a\":\"" + "s".repeat(2_000) + "\"}";
            }
            case "document" -> {
                constraints.maxDocumentLength(20);
                yield "[" + "1,".repeat(50_000) + "1]";
            }
            default -> {
                constraints.maxTokenCount(5);
                yield "[1,2,3,4,5,6,7]";
            }
        };
        ObjectMapper limited = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                .streamReadConstraints(constraints.build()).build());

        try {
            // a stream: the document length is counted as input is loaded
            limited.readTree(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
            throw new AssertionError("read within the limit: " + limit);
        } catch (IOException e) {
            assertThat(JsonProblem.of(e).describe("the body")).isEqualTo(sentence);
        }
    }

    @org.junit.jupiter.api.Test
    void of_numberOutOfRange_saysSo() {
        var e = new com.fasterxml.jackson.core.exc.InputCoercionException(null,
                "Numeric value (99999999999) out of range of int (-2147483648 - 2147483647)",
                com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT, Integer.TYPE);

        assertThat(JsonProblem.of(e).describe("rating")).isEqualTo("rating holds a number out of range");
    }

    @org.junit.jupiter.api.Test
    void of_anIoFailureThatIsNotAboutJson_saysOnlyThatTheTextIsNotValid() {
        assertThat(JsonProblem.of(new IOException("Connection reset")).describe("the body"))
                .isEqualTo("the body is not valid JSON");
    }
}
