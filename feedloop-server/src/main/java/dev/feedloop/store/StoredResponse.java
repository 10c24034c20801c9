package dev.feedloop.store;


/** A stored response with what Feedloop derived about it. */
public record StoredResponse(ResponseRecord record, boolean reasked) {
}
