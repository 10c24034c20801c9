package dev.feedloop.sdk;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Python SDK's pytest suite (clients/python/tests) against the real server. */
class PythonSdkTest {

  @Test
  void pythonSdk_suite_passesAgainstTheRealServer() throws Exception {
    String python = System.getenv().getOrDefault("FEEDLOOP_PYTHON", "python3");
    SdkSuite.require("Python", "python3 with pytest (apt-get install python3 python3-pytest)",
        python, "-m", "pytest", "--version");
    SdkSuite.run(SdkSuite.repo().resolve("clients/python"),
        List.of(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"));
  }
}
