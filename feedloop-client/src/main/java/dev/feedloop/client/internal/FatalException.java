package dev.feedloop.client.internal;

import dev.feedloop.client.FeedloopException;

/** A batch the server refused as a whole (400, 401, 403, 404, 413, 415...): never retried. */
final class FatalException extends FeedloopException {

  private static final long serialVersionUID = 1L;

  private final int status;

  FatalException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
