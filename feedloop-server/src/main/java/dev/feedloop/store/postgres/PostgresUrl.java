package dev.feedloop.store.postgres;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A {@code jdbc:postgresql://host[:port]/database[?user=...&...]} URL and the password to use with
 * it: {@code FEEDLOOP_DB_PASSWORD} when set, otherwise the URL's own {@code password} parameter.
 *
 * @param jdbcUrl the URL as given, for the driver
 * @param password the password from the environment, or null to let the URL's stand
 */
public record PostgresUrl(String jdbcUrl, String password) {
    public static final String PREFIX = "jdbc:postgresql:";

    /**
     * @throws IllegalArgumentException with one sentence when the URL is not a PostgreSQL URL the
     *         driver can use
     */
    public static PostgresUrl parse(String url, String password) {
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a PostgreSQL URL: " + url);
        }
        String rest = url.substring(PREFIX.length());
        if (!rest.startsWith("//")) {
            throw new IllegalArgumentException("a PostgreSQL URL needs a host and a database, like"
                    + " jdbc:postgresql://localhost:5432/feedloop?user=feedloop; got " + redact(url));
        }
        URI uri;
        try {
            uri = new URI(rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot read the PostgreSQL URL " + redact(url) + ": "
                    + e.getReason() + " (expected jdbc:postgresql://host:5432/database?user=NAME)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("the PostgreSQL URL " + redact(url) + " names no host (expected"
                    + " jdbc:postgresql://host:5432/database?user=NAME)");
        }
        String path = uri.getPath();
        if (path == null || path.length() <= 1) {
            throw new IllegalArgumentException("the PostgreSQL URL " + redact(url) + " names no database (expected"
                    + " jdbc:postgresql://host:5432/database?user=NAME)");
        }
        return new PostgresUrl(url, password == null || password.isEmpty() ? null : password);
    }

    /** The URL without its password, for messages and logs. */
    public String display() {
        return redact(jdbcUrl);
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    @Override
    public String toString() {
        return display();
    }
}
