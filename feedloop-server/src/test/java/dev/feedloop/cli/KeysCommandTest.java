package dev.feedloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedloop.Feedloop;
import dev.feedloop.cli.ImportCommandTest.Run;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.web.ApiServer;
import dev.feedloop.web.Metrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
    @TempDir
    Path dir;

    private String db() {
        return dir.resolve("feedloop.db").toString();
    }

    private static Run run(String... args) {
        return ImportCommandTest.run(args);
    }

    /** Creates a key through the command line and returns its text. */
    private String create(String project, String scope) {
        Run r = run("keys", "create", "--db", db(), "--project", project, "--scope", scope);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out().strip();
    }

    private static String id(String key) {
        return key.split("_")[1];
    }

    private static void assertNoStackTrace(Run r) {
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("Caused by");
    }

    @Test
    void list_showsTheProjectsKeys_withoutSecretsOrHashes() {
        String ingest = create("default", "ingest");
        String admin = create("default", "admin");
        String other = create("acme", "ingest");

        Run r = run("keys", "list", "--db", db());

        assertThat(r.exit()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("id").contains("project", "scope", "created", "revoked");
        assertThat(lines[1]).startsWith(id(ingest)).contains("default", "ingest").endsWith("-");
        assertThat(lines[2]).startsWith(id(admin)).contains("admin");
        assertThat(r.out()).doesNotContain(id(other));
        for (String key : new String[] {ingest, admin}) {
            String secret = key.split("_")[2];
            assertThat(r.out()).doesNotContain(secret);
        }
        try (Feedloop f = Feedloop.open(db(), Clock.systemUTC(), SqliteStore.Durability.NORMAL, "")) {
            f.store().keys(null).forEach(k -> assertThat(r.out()).doesNotContain(k.secretHash()));
        }
    }

    @Test
    void list_all_showsEveryProjectAligned() {
        String ingest = create("default", "ingest");
        String other = create("a-rather-long-project-name", "admin");

        Run r = run("keys", "list", "--db", db(), "--all");

        assertThat(r.exit()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).startsWith(id(ingest));
        assertThat(lines[2]).startsWith(id(other)).contains("a-rather-long-project-name");
        assertThat(lines[0].indexOf("scope")).isEqualTo(lines[1].indexOf("ingest")).isEqualTo(lines[2].indexOf("admin"));
    }

    @Test
    void list_noKeys_saysHowToCreateOne() {
        run("keys", "create", "--db", db(), "--project", "other", "--scope", "ingest");

        Run r = run("keys", "list", "--db", db(), "--project", "acme");

        assertThat(r.exit()).isZero();
        assertThat(r.out().strip()).isEqualTo("No API keys for project 'acme'; create one with:"
                + " feedloop keys create --project acme --scope ingest");
    }

    @Test
    void list_json_toStdout_hasNoSecrets() throws Exception {
        String key = create("default", "ingest");
        run("keys", "revoke", "--db", db(), id(key));

        Run r = run("keys", "list", "--db", db(), "--json", "-");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode list = new ObjectMapper().readTree(r.out());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asText()).isEqualTo(id(key));
        assertThat(list.get(0).get("scope").asText()).isEqualTo("ingest");
        assertThat(list.get(0).get("revoked_at").isTextual()).isTrue();
        assertThat(r.out()).doesNotContain(key.split("_")[2]);
    }

    @Test
    void list_jsonToFile_writesItAndPrintsTheTable() throws Exception {
        String key = create("default", "ingest");
        Path file = dir.resolve("keys.json");

        Run r = run("keys", "list", "--db", db(), "--json", file.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(id(key));
        assertThat(new ObjectMapper().readTree(Files.readString(file)).get(0).get("revoked_at").isNull()).isTrue();
    }

    @Test
    void list_invalidProject_isASentence() {
        Run r = run("keys", "list", "--db", db(), "--project", "no spaces");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("feedloop: --project 'no spaces' is not a project name: use 1-64 letters");
        assertNoStackTrace(r);
    }

    @Test
    void list_allWithProject_isRefusedWithASentence() {
        Run r = run("keys", "list", "--db", db(), "--all", "--project", "acme");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--all lists the keys of every project");
        assertNoStackTrace(r);
    }

    @Test
    void revoke_thenList_showsTheKeyRevoked() {
        String key = create("default", "ingest");
        String kept = create("default", "admin");

        Run revoke = run("keys", "revoke", "--db", db(), id(key));

        assertThat(revoke.exit()).as(revoke.err()).isZero();
        assertThat(revoke.out()).contains("Revoked the key " + id(key) + " (ingest, project 'default')");
        String list = run("keys", "list", "--db", db()).out();
        String revokedLine = list.lines().filter(l -> l.startsWith(id(key))).findFirst().orElseThrow();
        assertThat(revokedLine).matches(".*\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(list.lines().filter(l -> l.startsWith(id(kept)))).singleElement().asString().endsWith("-");
    }

    @Test
    void revoke_wholeKeyText_revokesItsId() {
        String key = create("default", "ingest");

        Run r = run("keys", "revoke", "--db", db(), key);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Revoked the key " + id(key)).doesNotContain(key.split("_")[2]);
    }

    @Test
    void revoke_unknownId_exitsNonZeroWithASentence() {
        create("default", "ingest");

        Run r = run("keys", "revoke", "--db", db(), "0123456789ab");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("feedloop: no API key has the id '0123456789ab'; see the ids with:"
                + " feedloop keys list --all");
        assertNoStackTrace(r);
    }

    @Test
    void revoke_malformedId_exitsNonZeroWithASentence() {
        Run r = run("keys", "revoke", "--db", db(), "not-an-id");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("feedloop: that is not a key id: an id is 12 hex digits");
        assertNoStackTrace(r);
    }

    @Test
    void revoke_alreadyRevoked_saysSoAndExitsZero() {
        String key = create("default", "ingest");
        run("keys", "revoke", "--db", db(), id(key));

        Run again = run("keys", "revoke", "--db", db(), id(key));

        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("was already revoked at").contains("nothing changed");
    }

    @Test
    void revoke_knownKey_isRefusedByRunningServer() throws Exception {
        try (Feedloop server = Feedloop.open(db(), Clock.systemUTC(), SqliteStore.Durability.NORMAL, "");
                ApiServer api = new ApiServer(server.ingestor(), server.store(), server.keys(), new Metrics(), 1 << 20)
                        .start("127.0.0.1", 0)) {
            String key = create("default", "ingest");
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/v1/responses"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"request_id\":\"r-1\",\"prompt_version\":\"v1\","
                            + "\"user_input\":\"q\",\"llm_output\":\"a\"}"))
                    .build();
            assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);

            Run revoke = run("keys", "revoke", "--db", db(), id(key));
            assertThat(revoke.exit()).as(revoke.err()).isZero();

            long revoked = System.nanoTime();
            int status;
            do {
                status = http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode();
            } while (status != 401 && System.nanoTime() - revoked < Duration.ofSeconds(5).toNanos());
            assertThat(status).isEqualTo(401);
            assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void keysHelp_teachesListAndRevoke() {
        Run r = run("keys", "--help");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("create", "list", "revoke", "feedloop keys revoke 3f9a0c1b2d4e");
        assertThat(run("keys", "revoke", "--help").out()).contains("within 50 ms", "the whole key works too");
    }
}
