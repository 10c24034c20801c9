package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedloop.store.ApiKeyRecord.Scope;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiAuthTest {
    @TempDir
    static Path dir;
    static ServerFixture api;
    static String acmeIngest;
    static String acmeAdmin;

    @BeforeAll
    static void start() {
        api = ServerFixture.start(dir, 1 << 20);
        acmeIngest = api.feedloop.keys().create("acme", Scope.INGEST);
        acmeAdmin = api.feedloop.keys().create("acme", Scope.ADMIN);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static HttpResponse<String> postWithHeader(String authorization) {
        HttpRequest.Builder request = api.request("/v1/responses").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ServerFixture.responseJson("auth-any")));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return api.send(request);
    }

    private static void assertUnauthorized(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        assertThat(ServerFixture.json(r).get("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void post_withoutAuthorizationHeader_is401() {
        assertUnauthorized(postWithHeader(null));
    }

    @Test
    void get_withoutAuthorizationHeader_is401() {
        assertUnauthorized(api.get("/v1/responses/x", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Token abc", "fl_0123456789ab_00", "Bearer", "Bearerfl_x"})
    void post_withSchemeOtherThanBearer_is401(String header) {
        assertUnauthorized(postWithHeader(header));
    }

    @Test
    void post_withUnknownWellFormedKey_is401() {
        assertUnauthorized(postWithHeader("Bearer fl_0123456789ab_" + "a".repeat(64)));
    }

    @Test
    void post_withKnownKeyIdButWrongSecret_is401() {
        String id = api.ingestKey.split("_")[1];
        assertUnauthorized(postWithHeader("Bearer fl_" + id + "_" + "0".repeat(64)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer  ", "Bearer x", "Bearer fl_", "Bearer fl_abc_def", "Bearer fl_0123456789ab",
        "Bearer FL_0123456789ab_00", "Bearer fl_0123456789ab_", "Bearer fl_'; DROP TABLE api_keys;--_x",
        "Bearer \u00e9\u00e9\u00e9"})
    void post_withMalformedKey_is401(String header) {
        assertUnauthorized(postWithHeader(header));
    }

    @Test
    void post_lowercaseBearerScheme_isAccepted() {
        assertThat(postWithHeader("bearer " + api.ingestKey).statusCode()).isEqualTo(202);
    }

    @Test
    void ingestKey_mayPost_butNotRead() {
        assertThat(api.post("/v1/responses", api.ingestKey, ServerFixture.responseJson("auth-r1")).statusCode())
                .isEqualTo(202);

        HttpResponse<String> read = api.get("/v1/responses/auth-r1", api.ingestKey);

        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(ServerFixture.json(read).get("error").asText()).isEqualTo("forbidden");
    }

    @Test
    void projectKey_postingAnotherProjectsRecord_is403NamingProject() {
        HttpResponse<String> r = api.post("/v1/responses", acmeIngest,
                "{\"project\":\"default\",\"request_id\":\"auth-foreign\",\"prompt_version\":\"v1\","
                        + "\"user_input\":\"q\",\"llm_output\":\"a\"}");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(ServerFixture.json(r).get("field").asText()).isEqualTo("project");
        assertThat(api.feedloop.store().response("default", "auth-foreign")).isEmpty();
    }

    @Test
    void projectKey_arrayWithAnotherProjectsRecord_rejectsOnlyThatItem() {
        HttpResponse<String> r = api.post("/v1/feedback", acmeIngest,
                "[{\"request_id\":\"auth-r2\",\"event_id\":\"auth-e1\",\"thumbs\":\"up\"},"
                        + "{\"project\":\"default\",\"request_id\":\"auth-r2\",\"event_id\":\"auth-e2\",\"thumbs\":\"up\"},"
                        + "{\"project\":\"acme\",\"request_id\":\"auth-r2\",\"event_id\":\"auth-e3\",\"thumbs\":\"down\"}]");

        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode report = ServerFixture.json(r);
        assertThat(report.get("stored").asInt()).isEqualTo(2);
        assertThat(report.get("rejected")).hasSize(1);
        assertThat(report.at("/rejected/0/index").asInt()).isEqualTo(1);
        assertThat(report.at("/rejected/0/error").asText()).isEqualTo("forbidden_project");
        assertThat(report.at("/rejected/0/field").asText()).isEqualTo("project");
        assertThat(api.feedloop.store().feedback("acme", "auth-r2")).hasSize(2);
        assertThat(api.feedloop.store().feedback("default", "auth-r2")).isEmpty();
    }

    @Test
    void projectKey_recordsWithoutProject_goToTheKeysProject() {
        assertThat(api.post("/v1/responses", acmeIngest, ServerFixture.responseJson("auth-r3")).statusCode())
                .isEqualTo(202);

        assertThat(api.feedloop.store().response("acme", "auth-r3")).isPresent();
        assertThat(api.feedloop.store().response("default", "auth-r3")).isEmpty();
    }

    @Test
    void adminKey_readsOnlyItsOwnProject() {
        api.post("/v1/responses", acmeIngest, ServerFixture.responseJson("auth-r4"));

        assertThat(api.get("/v1/responses/auth-r4", acmeAdmin).statusCode()).isEqualTo(200);
        assertThat(api.get("/v1/responses/auth-r4", api.adminKey).statusCode()).isEqualTo(404);
    }

    @Test
    void envKey_isAdminOfDefaultProject() {
        assertThat(api.post("/v1/responses", ServerFixture.ENV_KEY, ServerFixture.responseJson("auth-r5")).statusCode())
                .isEqualTo(202);

        HttpResponse<String> read = api.get("/v1/responses/auth-r5", ServerFixture.ENV_KEY);

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(ServerFixture.json(read).get("project").asText()).isEqualTo("default");
    }

    @Test
    void envKey_withExtraCharacters_isRefused() {
        assertUnauthorized(postWithHeader("Bearer " + ServerFixture.ENV_KEY + "x"));
    }

    @Test
    void createdKey_worksRightAway_andIsStoredOnlyAsAHash() {
        String key = api.feedloop.keys().create("fresh-project", Scope.ADMIN);
        assertThat(key).matches("fl_[0-9a-f]{12}_[0-9a-f]{64}");

        assertThat(api.post("/v1/responses", key, ServerFixture.responseJson("auth-r6")).statusCode()).isEqualTo(202);
        assertThat(api.get("/v1/responses/auth-r6", key).statusCode()).isEqualTo(200);
        String secret = key.split("_")[2];
        assertThat(api.feedloop.store().key(key.split("_")[1])).hasValueSatisfying(k -> {
            assertThat(k.secretHash()).isNotEqualTo(secret).doesNotContain(secret);
            assertThat(k.project()).isEqualTo("fresh-project");
        });
    }

    @Test
    void revokedKey_isRefusedByTheRunningServerAtOnce() {
        String key = api.feedloop.keys().create("default", Scope.ADMIN);
        assertThat(api.post("/v1/responses", key, ServerFixture.responseJson("auth-r7")).statusCode()).isEqualTo(202);

        api.feedloop.keys().revoke(key);

        HttpResponse<String> refused = api.get("/v1/responses/auth-r7", key);
        assertUnauthorized(refused);
        assertThat(ServerFixture.json(refused).get("message").asText()).contains("revoked");
        assertThat(api.get("/v1/responses/auth-r7", api.adminKey).statusCode()).as("other keys still work")
                .isEqualTo(200);
    }

    @Test
    void publicRoutes_needNoKey() {
        assertThat(api.get("/health", null).statusCode()).isEqualTo(200);
        assertThat(api.get("/metrics", null).statusCode()).isEqualTo(200);
        assertThat(api.get("/openapi.json", null).statusCode()).isEqualTo(200);
    }
}
