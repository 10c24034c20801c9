package dev.feedloop.bench.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedloop.config.Settings;
import io.javalin.Javalin;
import java.io.InputStream;

/**
 * The HTTP stack's ceiling for ingest: the same Javalin 7 / Jetty configuration as
 * {@link dev.feedloop.web.ApiServer} (defaults plus the same request-size limit), and a
 * {@code POST /v1/feedback} that only reads the body, parses it with Jackson {@code readTree} and
 * answers 202 with a report of the same shape. No auth, validation or storage.
 *
 * <p>Usage: {@code BareServer [--port 0]}; prints {@code listening on port N}.
 */
public final class BareServer {
    private BareServer() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, "port");
        ObjectMapper json = new ObjectMapper();
        long maxBody = Settings.get(Settings.MAX_BODY_BYTES, System.getenv());
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = maxBody;
            config.http.responseBufferSize = dev.feedloop.web.ApiServer.RESPONSE_BUFFER_BYTES;
            config.jetty.threadPool = dev.feedloop.web.ApiServer.threadPool();
            config.jetty.host = "127.0.0.1";
            config.jetty.port = args.integer("port", 0);
            config.routes.post("/v1/feedback", ctx -> {
                byte[] bytes;
                try (InputStream in = ctx.req().getInputStream()) {
                    bytes = dev.feedloop.web.ApiServer.readBody(in, ctx.req().getContentLengthLong(), maxBody);
                }
                JsonNode body = json.readTree(bytes);
                int items = body.isArray() ? body.size() : 1;
                ctx.status(202).contentType("application/json")
                        .result("{\"stored\":" + items + ",\"duplicates\":0,\"rejected\":[]}");
            });
        }).start();
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "bare-shutdown"));
        System.out.println("listening on port " + app.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
