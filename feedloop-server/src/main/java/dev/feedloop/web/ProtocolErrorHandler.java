package dev.feedloop.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the requests Jetty refuses before any route sees them (headers over the size limit,
 * a broken request line, a Content-Length that is not a number) in the API's error shape
 * {@code {"error", "field", "message"}}: Jetty's own answer is an HTML page naming its parser's
 * reason ({@code Illegal character SPACE=' '}), which a client expecting JSON cannot read.
 * Set on the server, it also covers any other error Jetty answers itself.
 */
final class ProtocolErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An error answer: the code of the JSON body and its sentence. */
    record Answer(String code, String message) {
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true; // a request line too broken to have a method gets its answer too
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String reason, Throwable cause,
            Callback callback) {
        Answer answer = answer(status, reason, headerLimit(request));
        ObjectNode body = JSON.createObjectNode();
        body.put("error", answer.code());
        body.putNull("field");
        body.put("message", answer.message());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static int headerLimit(Request request) {
        try {
            return request.getConnectionMetaData().getHttpConfiguration().getRequestHeaderSize();
        } catch (RuntimeException e) {
            return -1; // no connection data for a request that never was one: the sentence goes without the number
        }
    }

    /** The answer for a status Jetty chose, with its reason in words a client's author can act on. */
    static Answer answer(int status, String reason, int headerLimit) {
        String limit = headerLimit > 0 ? " over " + headerLimit + " bytes" : " too large";
        return switch (status) {
            case 431 -> new Answer("headers_too_large", "the request headers are" + limit + "; an API key is under"
                    + " 100 characters, so check the Authorization header, or send fewer headers");
            case 414 -> new Answer("uri_too_long", "the request's path and query are" + limit
                    + "; see /openapi.json for the routes");
            case 413 -> new Answer("body_too_large", "the request body is too large; send smaller batches");
            case 505 -> new Answer("http_version_not_supported", "the request is not HTTP/1.0, HTTP/1.1 or HTTP/2");
            case 400 -> new Answer("bad_request", "the request is not valid HTTP" + badRequest(reason)
                    + "; check the client that sent it");
            default -> status >= 500
                    ? new Answer("internal_error", "unexpected server error; it has been logged")
                    : new Answer("bad_request", "the request could not be served (HTTP status " + status + ")");
        };
    }

    /** Jetty's reason for a 400, in words, or nothing when it is not one of those known here. */
    private static String badRequest(String reason) {
        String r = reason == null ? "" : reason;
        if (r.contains("Content-Length")) {
            return r.contains("Duplicate") || r.contains("Multiple") ? ": it has more than one Content-Length header"
                    : ": its Content-Length header is not a number";
        }
        if (r.contains("Transfer-Encoding")) {
            return ": its Transfer-Encoding header is not one the server accepts (chunked)";
        }
        if (r.contains("No URI")) {
            return ": its request line has no path";
        }
        if (r.contains("Illegal character")) {
            return ": its request line or a header holds a character HTTP does not allow there";
        }
        if (r.contains("Ambiguous")) {
            return ": its path is ambiguous (an encoded '/', a '..' or a ';' in it)";
        }
        if (r.contains("Host")) {
            return ": its Host header is missing or invalid";
        }
        return "";
    }
}
