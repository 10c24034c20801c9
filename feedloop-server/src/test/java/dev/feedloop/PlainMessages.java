package dev.feedloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

/**
 * What a message a user reads must not contain: a library's class, feature or setting names
 * (JsonReadFeature.ALLOW_..., StreamReadConstraints.getMax...()), its location dumps
 * ([Source: REDACTED ...; line: 1, column: 5]), character codes, or driver error blocks.
 */
public final class PlainMessages {
    /** A CamelCase class name followed by a member: {@code JsonReadFeature.}, {@code SQLiteConfig.}. */
    private static final Pattern CLASS_MEMBER = Pattern.compile("\\b[A-Z][A-Za-z]*[a-z][A-Z]\\w*\\.");
    private static final Pattern INTERNALS = Pattern.compile(
            "Feature|Constraints|Source:|REDACTED|com\\.fasterxml|jackson|Jackson|Exception|CTRL-CHAR|\\(code \\d"
                    + "|`|line: \\d|column: \\d|SQLITE_|SQL State|Error Code|org\\.|java\\.|jetty|Jetty|Flyway"
                    + "|VALUE_STRING|FIELD_NAME|START_OBJECT|\\n\\s+at ");

    private PlainMessages() {
    }

    public static void assertPlain(String message) {
        assertThat(message).as("a message for users").isNotBlank();
        assertThat(CLASS_MEMBER.matcher(message).find()).as("names a class member: %s", message).isFalse();
        assertThat(INTERNALS.matcher(message).find()).as("names library internals: %s", message).isFalse();
    }
}
