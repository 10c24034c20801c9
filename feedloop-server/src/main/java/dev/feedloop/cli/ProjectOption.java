package dev.feedloop.cli;

import picocli.CommandLine.Option;

/** The {@code --project} option of the commands that read or change one project. */
final class ProjectOption {
    @Option(names = "--project", defaultValue = "default", description = "Project (default: ${DEFAULT-VALUE}).")
    String project;
}
