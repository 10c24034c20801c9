package dev.feedloop.client.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logging through {@link System.Logger} (no logging dependency; it reaches SLF4J or Log4j when
 * the application installs their bridge). Repeated trouble is logged once per kind so a down
 * server cannot flood the application's log. Messages never carry API keys or user text.
 */
final class Warnings {

  static final Logger LOG = System.getLogger("dev.feedloop.client");

  /** Caps how many distinct kinds we remember; past it new kinds go to DEBUG only. */
  private static final int MAX_KINDS = 64;

  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  /** Logs {@code message} at WARNING the first time {@code kind} is seen, at DEBUG after. */
  void once(String kind, String message) {
    if (seen.size() < MAX_KINDS && seen.add(kind)) {
      LOG.log(Level.WARNING, message);
    } else {
      LOG.log(Level.DEBUG, message);
    }
  }

  /** Lets {@code kind} be logged at WARNING again (after the trouble cleared). */
  void rearm(String kind) {
    seen.remove(kind);
  }

  static void info(String message) {
    LOG.log(Level.INFO, message);
  }

  static void debug(String message) {
    LOG.log(Level.DEBUG, message);
  }
}
