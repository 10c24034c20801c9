package dev.feedloop.cli;

/** Who the command line records as the author of a review action or a fix. */
final class Actors {
    private Actors() {
    }

    /** {@code cli:<user>}: the operating-system user running the command. */
    static String commandLine() {
        String user = System.getProperty("user.name", "");
        return "cli:" + (user.isBlank() ? "unknown" : user);
    }
}
