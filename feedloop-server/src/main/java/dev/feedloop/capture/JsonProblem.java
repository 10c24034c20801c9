package dev.feedloop.capture;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with a JSON text, in words its author can act on. Jackson's own messages name
 * its classes and switches ({@code JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS},
 * {@code StreamReadConstraints.getMaxNestingDepth()}, {@code [Source: REDACTED ...]}), which mean
 * nothing to a client; every door that reads JSON (HTTP bodies, JSONL lines, JSON cells of a CSV)
 * translates through here, so they all say the same thing. A message not recognised falls back
 * to "is not valid JSON" with the place, never to Jackson's text.
 *
 * <pre>{@code
 * catch (JsonProcessingException e) {
 *     throw new ApiError(400, "malformed_json", null, JsonProblem.of(e).describe("the body"));
 * }
 * }</pre>
 *
 * @param predicate what is said of the text, after its name: "is not valid JSON: ...", "nests ..."
 * @param line      1-based line of the problem, or 0 when unknown or not to be shown
 * @param column    1-based column of the problem, or 0 when unknown or not to be shown
 */
public record JsonProblem(String predicate, int line, int column) {
    private static final String INVALID = "is not valid JSON";
    /** Jackson's description of a character: {@code 'x' (code 120)}, {@code (CTRL-CHAR, code 0)}. */
    private static final String CHAR = "(?:'.*?' \\(code (\\d+)[^)]*\\)|\\(CTRL-CHAR, code (\\d+)\\))";
    private static final Pattern UNEXPECTED = Pattern.compile(
            "Unexpected character \\(" + CHAR + "\\)( in numeric value)?: (.*)", Pattern.DOTALL);
    private static final Pattern ILLEGAL = Pattern.compile("Illegal (unquoted )?character \\(" + CHAR + "\\).*",
            Pattern.DOTALL);
    private static final Pattern ESCAPE = Pattern.compile("Unrecognized character escape " + CHAR + ".*",
            Pattern.DOTALL);
    private static final Pattern TOKEN = Pattern.compile("Unrecognized token '(.*)': was expecting.*", Pattern.DOTALL);
    private static final Pattern CLOSE = Pattern.compile("Unexpected close marker '(.)': (?:expected '(.)')?.*",
            Pattern.DOTALL);
    private static final Pattern UTF8_START = Pattern.compile("Invalid UTF-8 start byte 0x([0-9a-fA-F]{1,2})\\b.*",
            Pattern.DOTALL);
    private static final Pattern LIMIT = Pattern.compile(
            ".*maximum allowed \\((\\d+), from `StreamReadConstraints\\.getMax(\\w+)\\(\\)`.*", Pattern.DOTALL);
    private static final int SHOWN_TOKEN = 40;
    private static final String NOT_UTF8 = "the text is not UTF-8 (JSON must be UTF-8)";

    /** The problem behind a failed read of JSON, whatever Jackson (or its decoders) threw. */
    public static JsonProblem of(IOException e) {
        if (e instanceof StreamConstraintsException limit) {
            return new JsonProblem(limit(limit.getOriginalMessage()), 0, 0);
        }
        if (e instanceof CharConversionException) {
            // a byte order mark or zero bytes made Jackson read UTF-16/32, and that failed
            return new JsonProblem(INVALID + ": " + NOT_UTF8, 0, 0);
        }
        if (!(e instanceof JsonProcessingException json)) {
            return new JsonProblem(INVALID, 0, 0);
        }
        JsonLocation where = json.getLocation();
        int line = where == null ? 0 : Math.max(0, where.getLineNr());
        int column = where == null ? 0 : Math.max(0, where.getColumnNr());
        return new JsonProblem(predicate(json), line, column);
    }

    /** The whole sentence: {@code the body is not valid JSON: NaN and Infinity are not JSON numbers (line 1, column 9)}. */
    public String describe(String subject) {
        return subject + " " + predicate + place();
    }

    /** For one line of a file, whose number is reported beside it: the column alone. */
    public JsonProblem inLine() {
        return new JsonProblem(predicate, 0, column);
    }

    /** Without a place: for a fragment (a CSV cell) whose line and column would mislead. */
    public JsonProblem unlocated() {
        return new JsonProblem(predicate, 0, 0);
    }

    private String place() {
        if (line > 0 && column > 0) {
            return " (line " + line + ", column " + column + ")";
        }
        return column > 0 ? " (column " + column + ")" : "";
    }

    private static String predicate(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof MismatchedInputException) {
            if (message.startsWith("Trailing token")) {
                return "holds more than one JSON value";
            }
            if (message.startsWith("No content")) {
                return "is empty";
            }
        }
        if (e instanceof InputCoercionException) {
            return "holds a number out of range";
        }
        String reason = e instanceof JsonEOFException eof ? endOfInput(eof, message) : reason(message);
        return reason == null ? INVALID : INVALID + ": " + reason;
    }

    private static String endOfInput(JsonEOFException e, String message) {
        JsonToken token = e.getTokenBeingDecoded();
        if (token == JsonToken.VALUE_STRING) {
            return "it ends inside a string (a closing '\"' is missing)";
        }
        if (token == JsonToken.FIELD_NAME) {
            return "it ends inside a field name (a closing '\"' is missing)";
        }
        if (message.contains("Object")) {
            return "it ends before '}' closes an object";
        }
        if (message.contains("Array")) {
            return "it ends before ']' closes an array";
        }
        return "it ends before the JSON is complete";
    }

    /** The reason for a syntax error, or null when the message is not one known here. */
    private static String reason(String message) {
        if (message.startsWith("Non-standard token")) {
            return "NaN and Infinity are not JSON numbers";
        }
        if (message.startsWith("Invalid numeric value: Leading zeroes")) {
            return "numbers must not have leading zeros";
        }
        if (message.startsWith("Invalid numeric value")) {
            return "a number is malformed";
        }
        Matcher m;
        if ((m = UNEXPECTED.matcher(message)).matches()) {
            int code = code(m);
            return m.group(3) != null ? inNumber(m.group(4), code) : unexpected(m.group(4), code);
        }
        if ((m = ILLEGAL.matcher(message)).matches()) {
            String hex = String.format(Locale.ROOT, "%04x", code(m.group(2), m.group(3)));
            return m.group(1) != null
                    ? "a string holds the control character U+" + hex.toUpperCase(Locale.ROOT)
                            + " unescaped (write it as \\n, \\t or \\u" + hex + ")"
                    : "the control character U+" + hex.toUpperCase(Locale.ROOT) + " is not allowed outside strings";
        }
        if ((m = ESCAPE.matcher(message)).matches()) {
            int code = code(m);
            return printable(code) ? "\\" + Character.toString(code) + " is not a JSON escape (a backslash is written \\\\)"
                    : "a backslash before " + show(code) + " is not a JSON escape (a backslash is written \\\\)";
        }
        if ((m = TOKEN.matcher(message)).matches()) {
            return "'" + shorten(m.group(1)) + "' is not a JSON value"
                    + " (text needs double quotes; the words are true, false and null)";
        }
        if ((m = CLOSE.matcher(message)).matches()) {
            return m.group(2) == null ? "'" + m.group(1) + "' closes nothing"
                    : "found '" + m.group(1) + "' where '" + m.group(2) + "' should close "
                            + (m.group(2).equals("}") ? "an object" : "an array");
        }
        if ((m = UTF8_START.matcher(message)).matches()) {
            return "byte 0x" + m.group(1).toLowerCase(Locale.ROOT) + " is not UTF-8 (JSON must be UTF-8)";
        }
        if (message.startsWith("Invalid UTF-8")) {
            // a "middle byte" names the byte after an incomplete sequence, which may well be a plain '"'
            return NOT_UTF8;
        }
        return null;
    }

    /** What came where a character was not expected; {@code expectation} is the tail of Jackson's message. */
    private static String unexpected(String expectation, int code) {
        String found = show(code);
        if (expectation.startsWith("expected a value") && (code == ']' || code == '}')
                || expectation.startsWith("was expecting double-quote") && code == '}') {
            return "a comma is followed by " + found + " (JSON allows no trailing comma)";
        }
        if (expectation.startsWith("expected a valid value") || expectation.startsWith("expected a value")) {
            return "expected a value, found " + found;
        }
        if (expectation.startsWith("was expecting double-quote")) {
            return "expected a field name in double quotes, found " + found;
        }
        if (expectation.startsWith("was expecting a colon")) {
            return "expected ':' after a field name, found " + found;
        }
        if (expectation.startsWith("was expecting comma to separate Object")) {
            return "expected ',' or '}' after a value in an object, found " + found;
        }
        if (expectation.startsWith("was expecting comma to separate Array")) {
            return "expected ',' or ']' after a value in an array, found " + found;
        }
        if (expectation.contains("hex-digit")) {
            return "a \\u escape needs four hex digits, found " + found;
        }
        if (expectation.contains("comment")) {
            return "comments are not allowed in JSON";
        }
        if (expectation.contains("root-level values")) {
            return "unexpected " + found + " after a value";
        }
        return "unexpected character " + found;
    }

    private static String inNumber(String detail, int code) {
        if (detail.startsWith("Decimal point")) {
            return "a decimal point must be followed by a digit";
        }
        if (detail.startsWith("Exponent indicator")) {
            return "an exponent (e or E) must be followed by a digit";
        }
        if (detail.contains("plus sign")) {
            return "numbers must not start with '+'";
        }
        if (detail.contains("minus sign")) {
            return "a minus sign must be followed by a digit";
        }
        return "unexpected " + show(code) + " in a number";
    }

    private static String limit(String message) {
        Matcher m = LIMIT.matcher(message == null ? "" : message);
        if (!m.matches()) {
            return "is too large to read";
        }
        String max = m.group(1);
        return switch (m.group(2)) {
            case "NestingDepth" -> "nests arrays or objects more than " + max + " deep";
            case "NumberLength" -> "holds a number of more than " + max + " digits";
            case "StringLength" -> "holds a string of more than " + max + " characters";
            case "NameLength" -> "holds a field name of more than " + max + " characters";
            case "DocumentLength" -> "is longer than " + max + " characters";
            case "TokenCount" -> "holds more than " + max + " values";
            default -> "is too large to read";
        };
    }

    private static int code(Matcher m) {
        return code(m.group(1), m.group(2));
    }

    private static int code(String quoted, String control) {
        return Integer.parseInt(quoted != null ? quoted : control);
    }

    /** A character as a reader can see it: {@code 'x'}, {@code "'"}, or {@code U+0007} when invisible. */
    private static String show(int code) {
        if (code == '\'') {
            return "\"'\"";
        }
        return printable(code) ? "'" + Character.toString(code) + "'" : String.format(Locale.ROOT, "U+%04X", code);
    }

    private static boolean printable(int code) {
        return Character.isDefined(code) && !Character.isISOControl(code) && !Character.isWhitespace(code)
                && code != 0xFFFD && !Character.isSurrogate((char) code);
    }

    private static String shorten(String token) {
        return token.length() <= SHOWN_TOKEN ? token : token.substring(0, SHOWN_TOKEN) + "...";
    }
}
