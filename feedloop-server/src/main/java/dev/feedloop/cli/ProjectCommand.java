package dev.feedloop.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that works on one project of a database: its {@code --db} and {@code --project}, and where it prints. */
abstract class ProjectCommand implements Callable<Integer> {
    @Mixin
    DbOption db;

    @Mixin
    ProjectOption projectOption;

    @Spec
    CommandSpec spec;

    /** The project named by --project or FEEDLOOP_PROJECT (validated). */
    String project() {
        return projectOption.project();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
