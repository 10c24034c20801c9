package dev.feedloop.triage.embed;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the temporary folder ONNX Runtime leaves behind. It extracts its native libraries into a
 * fresh {@code onnxruntime-java<N>} folder under {@code java.io.tmpdir} and asks the JVM to delete
 * it at exit, but registers the folder after the library file inside it, and the JVM deletes in
 * reverse order: the folder is still full when its turn comes, so every run left an empty folder.
 * Shutdown hooks run before those deletions, so one hook can empty and remove it.
 */
final class OrtTempFolder {
    private static final Logger LOG = LoggerFactory.getLogger(OrtTempFolder.class);
    private static final AtomicBoolean REGISTERED = new AtomicBoolean();

    private OrtTempFolder() {
    }

    /** Call once ONNX Runtime is loaded; later calls do nothing. */
    static void removeAtExit() {
        if (!REGISTERED.compareAndSet(false, true)) {
            return;
        }
        Path folder = extractionFolder();
        if (folder == null || folder.getFileName() == null
                || !folder.getFileName().toString().startsWith("onnxruntime-java")) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(folder), "feedloop-onnx-cleanup"));
    }

    /** The folder ONNX Runtime 1.20 keeps in a private field; null when a later version changed it. */
    private static Path extractionFolder() {
        try {
            Field field = Class.forName("ai.onnxruntime.OnnxRuntime").getDeclaredField("tempDirectory");
            field.setAccessible(true);
            return field.get(null) instanceof Path path ? path : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot find ONNX Runtime's extraction folder; it may be left in the temp folder", e);
            return null;
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // a folder that is gone, or a file another process holds: nothing more to do at exit
        }
    }
}
