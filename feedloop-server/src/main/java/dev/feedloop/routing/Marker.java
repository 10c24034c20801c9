package dev.feedloop.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The pattern key a ticket carries, as a label and as a hidden line of its body, so a ticket can be
 * found again after a crash between the tracker's answer and the store's commit. GitHub labels hold
 * at most 50 characters: a long project name is replaced by a hash of it.
 */
public final class Marker {
    private static final int MAX = 50;

    private Marker() {
    }

    public static String of(String project, String patternId) {
        String plain = "feedloop:" + project + "/" + patternId;
        if (plain.length() <= MAX) {
            return plain;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(project.getBytes(StandardCharsets.UTF_8));
            return "feedloop:" + HexFormat.of().formatHex(hash, 0, 6) + "/" + patternId;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body line that carries the marker, invisible when Markdown is rendered. */
    public static String hiddenLine(String marker) {
        return "<!-- feedloop-marker: " + marker + " -->";
    }
}
