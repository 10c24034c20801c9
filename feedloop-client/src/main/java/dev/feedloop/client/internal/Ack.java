package dev.feedloop.client.internal;

import java.util.List;

/**
 * The server's answer to an accepted batch: {@code {"stored": n, "duplicates": n, "rejected": [...]}}.
 *
 * @param rejected items the server refused as invalid; they will never be accepted
 */
record Ack(int stored, int duplicates, List<Rejection> rejected) {

  Ack {
    rejected = List.copyOf(rejected);
  }

  /** One refused item: its index in the posted array, an error code, the field and a message. */
  record Rejection(int index, String error, String field, String message) {}
}
