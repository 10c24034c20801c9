package dev.feedloop.store;

import dev.feedloop.capture.ResponseRecord;

/** A stored response with what Feedloop derived about it. */
public record StoredResponse(ResponseRecord record, boolean reasked) {
}
