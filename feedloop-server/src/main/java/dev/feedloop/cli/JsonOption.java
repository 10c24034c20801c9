package dev.feedloop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** The {@code --json FILE|-} option: the result as JSON in a file, or on stdout instead of the table. */
final class JsonOption {
    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the result as JSON (docs/json.md) to FILE; '-' prints it instead of the table.")
    Path json;

    /**
     * Writes the JSON if asked for.
     *
     * @return true when it went to stdout, so the command prints nothing else there
     * @throws UncheckedIOException when the file cannot be written
     */
    boolean write(PrintWriter out, Supplier<? extends JsonNode> tree) {
        if (json == null) {
            return false;
        }
        String text = tree.get().toPrettyString();
        if (json.toString().equals("-")) {
            out.println(text);
            return true;
        }
        try {
            Files.writeString(json, text + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + json + ": " + e.getMessage(), e);
        }
        return false;
    }
}
