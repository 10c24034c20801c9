package dev.feedloop.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** One LLM API: sends a request, answers the JSON the model gave, or fails with a kind to act on. */
interface Provider {
    String name();

    String model();

    /**
     * Sends one request (no retries here: the run decides).
     *
     * @throws Failure for anything but a 2xx answer
     */
    Reply send(Prompts.Request request) throws Failure;

    /**
     * What came back.
     *
     * @param answer       the JSON object the model answered, or null when there was none
     * @param inputTokens  reported by the provider (0 when it reports none)
     * @param outputTokens reported by the provider (0 when it reports none)
     */
    record Reply(JsonNode answer, long inputTokens, long outputTokens) {
    }

    enum Kind {
        /** A timeout, a broken connection, 408, 409, 429, 529 or 5xx: worth another try. */
        RETRYABLE,
        /** 401 or 403: the key is wrong or lacks permission; nothing more will work this run. */
        AUTH,
        /** The server refused this output mode; the provider moved to the next one: send again now. */
        MODE_REFUSED,
        /** Any other refusal of this request: give up on it, keep going with others. */
        REJECTED,
        /** Dry run: the request was recorded, not sent. */
        DRY_RUN
    }

    /** A failed send; the message names the provider, the status and what to do, never the key or the text. */
    final class Failure extends Exception {
        final Kind kind;
        final int status;
        final Duration retryAfter;

        Failure(Kind kind, int status, Duration retryAfter, String message) {
            super(message, null, false, false);
            this.kind = kind;
            this.status = status;
            this.retryAfter = retryAfter;
        }

        static Kind kindOf(int status) {
            if (status == 401 || status == 403) {
                return Kind.AUTH;
            }
            if (status == 408 || status == 409 || status == 429 || status >= 500) {
                return Kind.RETRYABLE;
            }
            return Kind.REJECTED;
        }

        static String hint(String provider, int status) {
            return switch (status) {
                case 401 -> provider + " answered 401: the API key is missing, wrong or expired";
                case 403 -> provider + " answered 403: the API key lacks permission for this model or endpoint";
                case 404 -> provider + " answered 404: check the base URL and the model name";
                case 429 -> provider + " answered 429: rate limited";
                default -> provider + " answered " + status;
            };
        }
    }
}
