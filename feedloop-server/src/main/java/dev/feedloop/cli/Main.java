package dev.feedloop.cli;

/** Entry point of the {@code feedloop} command line; the commands are wired in as they land. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("feedloop: no commands yet");
    }
}
