package dev.feedloop.cli;

import java.io.PrintWriter;

/** A one-line progress bar on stderr, drawn only when attached to a terminal. */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean enabled;
    private boolean drawn;

    ProgressBar(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    void show(String label, long done, long total) {
        if (!enabled) {
            return;
        }
        double share = total <= 0 ? 1.0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(share * WIDTH);
        err.printf("\r[%s%s] %3.0f%% %s", "#".repeat(filled), " ".repeat(WIDTH - filled), share * 100, label);
        err.flush();
        drawn = true;
    }

    void done() {
        if (drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }
}
