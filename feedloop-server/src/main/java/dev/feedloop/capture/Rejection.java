package dev.feedloop.capture;

/** Why one item of a request or file was not stored. {@code index} is 0-based in a request, 1-based lines in a file. */
public record Rejection(long index, String error, String field, String message) {
}
