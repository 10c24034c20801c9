/**
 * Feedloop's Java SDK: capture LLM responses and user feedback without slowing or endangering
 * the application. Start at {@link dev.feedloop.client.FeedloopClient}.
 *
 * <p>{@code dev.feedloop.client.internal} is not API.
 */
package dev.feedloop.client;
