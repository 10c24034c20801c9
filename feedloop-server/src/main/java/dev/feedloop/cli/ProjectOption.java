package dev.feedloop.cli;

import dev.feedloop.config.Settings;
import picocli.CommandLine.Option;

/** The {@code --project} option of the commands that read or change one project. */
final class ProjectOption {
    @Option(names = "--project", paramLabel = "NAME",
            description = "Project to work on (default: $FEEDLOOP_PROJECT or 'default').")
    String project;

    /**
     * The project named by the flag, else by FEEDLOOP_PROJECT, else {@code default}.
     *
     * @throws IllegalArgumentException for a name no door would accept
     */
    String project() {
        if (project == null) {
            return Settings.get(Settings.PROJECT, System.getenv());
        }
        if (!Settings.isValidProject(project)) {
            throw new IllegalArgumentException("--project '" + project + "' is not a project name: use 1-64 letters,"
                    + " digits, '.', '_' or '-', starting with a letter or digit");
        }
        return project;
    }
}
