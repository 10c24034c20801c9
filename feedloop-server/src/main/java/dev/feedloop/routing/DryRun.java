package dev.feedloop.routing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLSession;

/**
 * What a tracker request would be, for {@code feedloop route --dry-run}: the request rendered as
 * text (credentials masked), and the plain {@code 200 {}} answer that lets an adapter go on to its
 * next call where it does not depend on what the tracker would have said.
 */
final class DryRun {
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "x-api-key", "x-feedloop-signature");

    private DryRun() {
    }

    static String render(HttpRequest request) {
        StringBuilder b = new StringBuilder(request.method()).append(' ').append(request.uri());
        request.headers().map().forEach((name, values) -> b.append("\n  ").append(name).append(": ")
                .append(SECRET_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT)) ? "(masked)"
                        : String.join(", ", values)));
        request.bodyPublisher().map(DryRun::body).filter(body -> !body.isEmpty())
                .ifPresent(body -> b.append("\n  ").append(body));
        return b.toString();
    }

    /** Reads a body publisher's bytes (they are in memory: the adapters publish strings). */
    private static String body(HttpRequest.BodyPublisher publisher) {
        StringBuilder out = new StringBuilder();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable throwable) {
                out.append("(body not readable: ").append(throwable.getMessage()).append(')');
            }

            @Override
            public void onComplete() {
            }
        });
        return out.isEmpty() ? bytes.toString(StandardCharsets.UTF_8) : out.toString();
    }

    /** {@code 200 {}}: what a dry run answers every request with. */
    record Answer(HttpRequest request) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return 200;
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.of(Map.of(), (a, b) -> true);
        }

        @Override
        public String body() {
            return "{}";
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
