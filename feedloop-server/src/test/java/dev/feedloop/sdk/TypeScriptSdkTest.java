package dev.feedloop.sdk;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The TypeScript SDK's node --test suite (clients/typescript/test) against the real server. */
class TypeScriptSdkTest {

  @Test
  void typescriptSdk_suite_passesAgainstTheRealServer() throws Exception {
    SdkSuite.require("TypeScript", "Node.js 18+ and npm (apt-get install nodejs npm)", "node", "--version");
    SdkSuite.require("TypeScript", "Node.js 18+ and npm (apt-get install nodejs npm)", "npm", "--version");
    var dir = SdkSuite.repo().resolve("clients/typescript");
    SdkSuite.run(dir, List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"));
    SdkSuite.run(dir, List.of("npm", "test", "--silent"));
  }
}
