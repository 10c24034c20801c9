package dev.feedloop.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs an SDK's own test suite (pytest, node --test) as a subprocess against the real server,
 * which the suite starts itself from this JVM's classpath. Not skipped silently: a missing tool
 * fails with what to install, unless FEEDLOOP_SKIP_SDK_TESTS=1 is set.
 */
final class SdkSuite {

  private static final long TIMEOUT_MINUTES = 10;

  private SdkSuite() {}

  /** The repository root: the parent of the server module this test runs in. */
  static Path repo() {
    Path here = Paths.get("").toAbsolutePath();
    return Files.isDirectory(here.resolve("clients")) ? here : here.getParent();
  }

  /** Fails (or skips, when asked to) unless {@code command --version} runs. */
  static void require(String sdk, String installHint, String... command) {
    boolean skip = "1".equals(System.getenv("FEEDLOOP_SKIP_SDK_TESTS"));
    String missing = null;
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().transferTo(OutputStreamSink.INSTANCE);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        missing = String.join(" ", command) + " failed";
      }
    } catch (IOException e) {
      missing = command[0] + " is not installed";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      missing = "interrupted";
    }
    if (missing != null) {
      Assumptions.assumeFalse(skip, "FEEDLOOP_SKIP_SDK_TESTS=1: the " + sdk + " SDK tests are skipped (" + missing + ")");
      fail("The " + sdk + " SDK tests need " + installHint + ", but " + missing + ". Install it (CI does: "
          + ".ci/run), or set FEEDLOOP_SKIP_SDK_TESTS=1 to skip these tests knowingly.");
    }
  }

  /** Runs {@code command} in {@code dir} with the server's launch settings, streaming its output. */
  static void run(Path dir, List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("FEEDLOOP_JAVA", Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    // Surefire may put a manifest-only jar on java.class.path; this property has the real one.
    env.put("FEEDLOOP_CLASSPATH", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    env.put("FEEDLOOP_MAIN", "dev.feedloop.cli.Main");
    System.out.println("[sdk] " + dir + "$ " + String.join(" ", command));
    Process p = pb.start();
    Thread pump = new Thread(() -> copy(p.getInputStream()), "sdk-output");
    pump.start();
    if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail(String.join(" ", command) + " took more than " + TIMEOUT_MINUTES + " minutes");
    }
    pump.join(5000);
    assertEquals(0, p.exitValue(), String.join(" ", command) + " failed: its output is above");
  }

  private static void copy(InputStream in) {
    try {
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) > 0; ) {
        System.out.write(buf, 0, n);
        System.out.flush();
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  /** Discards a version probe's output. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}
  }
}
