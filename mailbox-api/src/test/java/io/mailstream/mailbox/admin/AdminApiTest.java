package io.mailstream.mailbox.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.mailstream.store.Authenticator;
import io.mailstream.store.Directory;
import io.mailstream.testkit.MailstreamTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The admin REST API over HTTP, exactly as the CLI uses it. */
@QuarkusTest
@QuarkusTestResource(MailstreamTestResources.class)
class AdminApiTest {

    private static final String TOKEN = "test-admin-token";

    @Inject
    Directory directory;
    @Inject
    Authenticator authenticator;

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON);
    }

    private static String unique(String prefix) {
        return prefix + Long.toString(System.nanoTime(), 36) + ".test";
    }

    // --- credential ---

    @Test
    void everyEndpointNeedsTheToken() {
        String[][] calls = {{"GET", "/api/v1/domains"}, {"POST", "/api/v1/domains"},
                {"DELETE", "/api/v1/domains/x.test"}, {"GET", "/api/v1/users"}, {"POST", "/api/v1/users"},
                {"PUT", "/api/v1/users/a@x.test/password"}, {"DELETE", "/api/v1/users/a@x.test"},
                {"GET", "/api/v1/users/a@x.test"}, {"GET", "/api/v1/users/a@x.test/quota"},
                {"PUT", "/api/v1/users/a@x.test/quota"}, {"POST", "/api/v1/users/a@x.test/disable"},
                {"POST", "/api/v1/users/a@x.test/enable"}, {"GET", "/api/v1/aliases"}, {"POST", "/api/v1/aliases"},
                {"GET", "/api/v1/aliases/a@x.test"}, {"PUT", "/api/v1/aliases/a@x.test"},
                {"DELETE", "/api/v1/aliases/a@x.test"}, {"GET", "/api/v1/domains/x.test/catch-all"},
                {"PUT", "/api/v1/domains/x.test/catch-all"}, {"DELETE", "/api/v1/domains/x.test/catch-all"},
                {"GET", "/api/v1/resolve/a@x.test"}};
        for (String[] call : calls) {
            given().contentType(ContentType.JSON).body("{}").request(call[0], call[1]).then().statusCode(401)
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .body("error", equalTo("missing or invalid admin token"));
            given().header("Authorization", "Bearer wrong-token").contentType(ContentType.JSON).body("{}")
                    .request(call[0], call[1]).then().statusCode(401).body("error", notNullValue());
        }
        given().header("Authorization", TOKEN).get("/api/v1/domains").then().statusCode(401);
        given().header("Authorization", "Basic " + TOKEN).get("/api/v1/domains").then().statusCode(401);
        given().header("Authorization", "Bearer " + TOKEN + "x").get("/api/v1/domains").then().statusCode(401);
        given().header("Authorization", "bearer " + TOKEN).get("/api/v1/domains").then().statusCode(200);
    }

    @Test
    void refusedRequestsChangeNothing() {
        String domain = unique("norights");
        given().header("Authorization", "Bearer nope").contentType(ContentType.JSON)
                .body(Map.of("name", domain)).post("/api/v1/domains").then().statusCode(401);
        assertThat(directory.listDomains()).doesNotContain(domain);
    }

    // --- domains ---

    @Test
    void domainLifecycle() {
        String domain = unique("Life");
        String normalized = domain.toLowerCase();
        admin().body(Map.of("name", domain)).post("/api/v1/domains").then().statusCode(201)
                .body("name", equalTo(normalized));
        admin().get("/api/v1/domains").then().statusCode(200).body("$", hasItem(normalized));
        admin().body(Map.of("name", normalized)).post("/api/v1/domains").then().statusCode(409)
                .body("error", containsString("exists"));

        admin().body(Map.of("address", "bob@" + normalized, "password", "pw")).post("/api/v1/users").then()
                .statusCode(201);
        admin().delete("/api/v1/domains/" + normalized).then().statusCode(409).body("error", containsString("users"));
        admin().delete("/api/v1/users/bob@" + normalized).then().statusCode(204);
        admin().delete("/api/v1/domains/" + normalized).then().statusCode(204);
        admin().delete("/api/v1/domains/" + normalized).then().statusCode(404).body("error", notNullValue());
        admin().get("/api/v1/domains").then().statusCode(200).body("$", not(hasItem(normalized)));
    }

    @Test
    void internationalDomainsAreStoredInTheirAsciiForm() {
        String suffix = Long.toString(System.nanoTime(), 36);
        admin().body(Map.of("name", "bücher" + suffix + ".test")).post("/api/v1/domains").then().statusCode(201)
                .body("name", equalTo(java.net.IDN.toASCII("bücher" + suffix) + ".test"));
    }

    @Test
    void badDomainInputIs400() {
        for (String body : new String[] {"{}", "{\"name\":\"\"}", "{\"name\":\"bad domain.test\"}",
                "{\"name\":\"-x.test\"}", "{\"name\":\"a..b\"}", "{\"name\":\"[127.0.0.1]\"}",
                "{\"name\":\"" + "a".repeat(64) + ".test\"}", "{\"name\":null}"}) {
            admin().body(body).post("/api/v1/domains").then().statusCode(400).body("error", notNullValue());
        }
        admin().body("{not json").post("/api/v1/domains").then().statusCode(400).body("error", notNullValue());
        admin().post("/api/v1/domains").then().statusCode(400).body("error", notNullValue());
        admin().delete("/api/v1/domains/bad..name").then().statusCode(400).body("error", notNullValue());
    }

    // --- users ---

    @Test
    void createdUserCanAuthenticateAndChangePassword() {
        String domain = unique("users");
        admin().body(Map.of("name", domain)).post("/api/v1/domains").then().statusCode(201);
        String address = "Alice@" + domain;
        String key = "alice@" + domain;

        admin().body(Map.of("address", address, "password", "first pw")).post("/api/v1/users").then()
                .statusCode(201).body("address", equalTo(key)).body("$", not(org.hamcrest.Matchers.hasKey("password")));
        assertThat(directory.authenticate(key, "first pw")).contains(key);
        assertThat(directory.authenticate(key, "wrong")).isEmpty();
        admin().body(Map.of("address", key.toUpperCase(), "password", "x")).post("/api/v1/users").then()
                .statusCode(409).body("error", containsString("exists"));

        String listing = admin().queryParam("domain", domain).get("/api/v1/users").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].address", equalTo(key)).body("[0].domain", equalTo(domain))
                .body("[0].disabled", equalTo(false)).extract().asString();
        assertThat(listing).doesNotContainIgnoringCase("hash").doesNotContain("$2");
        admin().get("/api/v1/users").then().statusCode(200).body("address", hasItem(key));

        admin().body(Map.of("password", "second pw")).put("/api/v1/users/" + key + "/password").then().statusCode(204);
        assertThat(directory.authenticate(key, "second pw")).contains(key);
        assertThat(directory.authenticate(key, "first pw")).isEmpty();

        admin().delete("/api/v1/users/" + address).then().statusCode(204);
        assertThat(directory.authenticate(key, "second pw")).isEmpty();
        admin().delete("/api/v1/users/" + key).then().statusCode(404).body("error", notNullValue());
        admin().body(Map.of("password", "third")).put("/api/v1/users/" + key + "/password").then().statusCode(404)
                .body("error", notNullValue());
    }

    @Test
    void badUserInputIs400() {
        String domain = unique("baduser");
        admin().body(Map.of("name", domain)).post("/api/v1/domains").then().statusCode(201);
        String ok = "carol@" + domain;
        Object[][] cases = {
                {Map.of("password", "pw"), "address is required"},
                {Map.of("address", "no-at-sign", "password", "pw"), "invalid address"},
                {Map.of("address", "a b@" + domain, "password", "pw"), "invalid address"},
                {Map.of("address", "x".repeat(65) + "@" + domain, "password", "pw"), "invalid address"},
                {Map.of("address", ok), "password is required"},
                {Map.of("address", ok, "password", ""), "password is required"},
                {Map.of("address", ok, "password", "p".repeat(73)), "password longer than 72 bytes"},
                {Map.of("address", ok, "password", "ü".repeat(37)), "password longer than 72 bytes"},
                {Map.of("address", "dave@" + unique("nowhere"), "password", "pw"), "is not a local domain"},
        };
        for (Object[] c : cases) {
            admin().body(c[0]).post("/api/v1/users").then().statusCode(400).body("error", containsString((String) c[1]));
        }
        admin().body("[]").post("/api/v1/users").then().statusCode(400).body("error", notNullValue());
        assertThat(directory.findUser(ok)).isEmpty();

        admin().body(Map.of("address", ok, "password", "p".repeat(72))).post("/api/v1/users").then().statusCode(201);
        admin().body(Map.of("password", "")).put("/api/v1/users/" + ok + "/password").then().statusCode(400);
        admin().body(Map.of("password", "p".repeat(73))).put("/api/v1/users/" + ok + "/password").then()
                .statusCode(400);
        admin().body("{}").put("/api/v1/users/" + ok + "/password").then().statusCode(400);
        admin().body(Map.of("password", "pw")).put("/api/v1/users/not-an-address/password").then().statusCode(400);
        admin().delete("/api/v1/users/not-an-address").then().statusCode(400);
        admin().queryParam("domain", "bad domain").get("/api/v1/users").then().statusCode(400);
        assertThat(directory.authenticate(ok, "p".repeat(72))).contains(ok);
    }

    // --- documentation and metrics ---

    @Test
    void openApiDocumentsTheApi() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/users/{address}/password"))
                .body(containsString("/api/v1/users/{address}/quota"))
                .body(containsString("/api/v1/users/{address}/disable"))
                .body(containsString("/api/v1/aliases/{address}"))
                .body(containsString("/api/v1/domains/{name}/catch-all"))
                .body(containsString("bearer"));
    }

    @Test
    void requestsAreCounted() {
        admin().get("/api/v1/domains").then().statusCode(200);
        given().get("/api/v1/domains").then().statusCode(401);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mailstream_admin_requests_total{operation=\"listDomains\",result=\"200\"}"))
                .body(containsString("mailstream_admin_requests_total{operation=\"listDomains\",result=\"401\"}"));
    }

    // --- quota, disable / enable ---

    private String newUser(String domain) {
        admin().body(Map.of("name", domain)).post("/api/v1/domains").then().statusCode(201);
        String key = "erin@" + domain;
        admin().body(Map.of("address", key, "password", "pw")).post("/api/v1/users").then().statusCode(201);
        return key;
    }

    @Test
    void quotaIsSetReadAndListed() {
        String domain = unique("quota");
        String key = newUser(domain);
        admin().get("/api/v1/users/" + key + "/quota").then().statusCode(200).body("maxBytes", equalTo(0))
                .body("maxMessages", equalTo(0));
        admin().body(Map.of("maxBytes", 5_000_000_000L, "maxMessages", 1000)).put("/api/v1/users/ERIN@" + domain
                + "/quota").then().statusCode(200).body("maxBytes", equalTo(5_000_000_000L));
        admin().get("/api/v1/users/" + key).then().statusCode(200).body("address", equalTo(key))
                .body("quota.maxBytes", equalTo(5_000_000_000L)).body("quota.maxMessages", equalTo(1000));
        admin().queryParam("domain", domain).get("/api/v1/users").then().statusCode(200)
                .body("[0].quota.maxMessages", equalTo(1000));
        assertThat(directory.quota(key)).contains(new Directory.Quota(5_000_000_000L, 1000));
    }

    @Test
    void badQuotaInputIs400AndChangesNothing() {
        String domain = unique("badquota");
        String key = newUser(domain);
        directory.setQuota(key, new Directory.Quota(10, 10));
        Object[][] cases = {
                {"{}", "maxBytes is required"},
                {"{\"maxBytes\":1}", "maxMessages is required"},
                {"{\"maxBytes\":-1,\"maxMessages\":1}", "maxBytes must be a whole number"},
                {"{\"maxBytes\":1,\"maxMessages\":1.5}", "maxMessages must be a whole number"},
                {"{\"maxBytes\":1e30,\"maxMessages\":1}", "maxBytes must be a whole number"},
                {"{\"maxBytes\":\"lots\",\"maxMessages\":1}", "wrong shape"},
                {"[]", "wrong shape"},
                {"{oops", "malformed JSON"},
        };
        for (Object[] c : cases) {
            admin().body(c[0]).put("/api/v1/users/" + key + "/quota").then().statusCode(400)
                    .body("error", containsString((String) c[1]));
        }
        admin().put("/api/v1/users/" + key + "/quota").then().statusCode(400).body("error", notNullValue());
        admin().body(Map.of("maxBytes", 1, "maxMessages", 1)).put("/api/v1/users/bad/quota").then().statusCode(400);
        admin().body(Map.of("maxBytes", 1, "maxMessages", 1)).put("/api/v1/users/nobody@" + domain + "/quota").then()
                .statusCode(404).body("error", containsString("no user"));
        admin().get("/api/v1/users/nobody@" + domain + "/quota").then().statusCode(404);
        admin().get("/api/v1/users/nobody@" + domain).then().statusCode(404);
        admin().get("/api/v1/users/not-an-address").then().statusCode(400);
        assertThat(directory.quota(key)).contains(new Directory.Quota(10, 10));
    }

    @Test
    void disabledUsersCannotLogInUntilEnabled() {
        String domain = unique("disable");
        String key = newUser(domain);
        admin().post("/api/v1/users/" + key.toUpperCase() + "/disable").then().statusCode(204);
        admin().get("/api/v1/users/" + key).then().statusCode(200).body("disabled", equalTo(true));
        assertThat(authenticator.authenticate(key, "pw", "192.0.2.55").outcome())
                .isEqualTo(Authenticator.Outcome.FAILURE);
        admin().post("/api/v1/users/" + key + "/disable").then().statusCode(204);
        admin().post("/api/v1/users/" + key + "/enable").then().statusCode(204);
        assertThat(authenticator.authenticate(key, "pw", "192.0.2.56").ok()).isTrue();
        admin().post("/api/v1/users/nobody@" + domain + "/disable").then().statusCode(404);
        admin().post("/api/v1/users/nobody@" + domain + "/enable").then().statusCode(404);
        admin().post("/api/v1/users/a b/disable").then().statusCode(400);
    }

    // --- aliases ---

    @Test
    void aliasLifecycle() {
        String domain = unique("alias");
        String key = newUser(domain);
        String alias = "team@" + domain;
        admin().body(Map.of("address", "Team@" + domain.toUpperCase(), "targets", List.of(key, "Partner@Remote.test")))
                .post("/api/v1/aliases").then().statusCode(201).header("Location", containsString("/api/v1/aliases/" + alias))
                .body("address", equalTo(alias)).body("targets", contains(key, "Partner@remote.test"));
        admin().body(Map.of("address", alias, "targets", List.of(key))).post("/api/v1/aliases").then().statusCode(409)
                .body("error", containsString("exists"));
        admin().get("/api/v1/aliases/" + alias).then().statusCode(200).body("domain", equalTo(domain))
                .body("targets.size()", equalTo(2));
        admin().queryParam("domain", domain).get("/api/v1/aliases").then().statusCode(200)
                .body("address", contains(alias));
        assertThat(directory.resolve(alias)).containsExactly(key, "Partner@remote.test");
        admin().get("/api/v1/resolve/" + alias).then().statusCode(200).body("targets", contains(key, "Partner@remote.test"));
        admin().get("/api/v1/resolve/nobody@" + domain).then().statusCode(200).body("targets.size()", equalTo(0));
        admin().get("/api/v1/resolve/no-at-sign").then().statusCode(400);

        admin().body(Map.of("targets", List.of("x@remote.test"))).put("/api/v1/aliases/" + alias).then()
                .statusCode(200).body("targets", contains("x@remote.test"));
        assertThat(directory.resolve(alias)).containsExactly("x@remote.test");
        admin().delete("/api/v1/domains/" + domain).then().statusCode(409);
        admin().delete("/api/v1/aliases/" + alias).then().statusCode(204);
        admin().delete("/api/v1/aliases/" + alias).then().statusCode(404).body("error", containsString("no alias"));
        admin().get("/api/v1/aliases/" + alias).then().statusCode(404);
        admin().body(Map.of("targets", List.of(key))).put("/api/v1/aliases/" + alias).then().statusCode(404);
        assertThat(directory.resolve(alias)).isEmpty();
    }

    @Test
    void badAliasInputIs400AndWritesNothing() {
        String domain = unique("badalias");
        newUser(domain);
        String alias = "list@" + domain;
        Object[][] cases = {
                {Map.of("targets", List.of("a@x.test")), "address is required"},
                {Map.of("address", "no-at", "targets", List.of("a@x.test")), "invalid address"},
                {Map.of("address", alias), "at least one target"},
                {Map.of("address", alias, "targets", List.of()), "at least one target"},
                {Map.of("address", alias, "targets", List.of("ok@x.test", "not an address")), "invalid target address"},
                {Map.of("address", alias, "targets", java.util.Collections.nCopies(101, "a@x.test")), "at most 100"},
                {Map.of("address", "list@" + unique("elsewhere"), "targets", List.of("a@x.test")), "not a local domain"},
        };
        for (Object[] c : cases) {
            admin().body(c[0]).post("/api/v1/aliases").then().statusCode(400)
                    .body("error", containsString((String) c[1]));
        }
        admin().body("{\"address\":\"" + alias + "\",\"targets\":\"a@x.test\"}").post("/api/v1/aliases").then()
                .statusCode(400);
        admin().body("{oops").post("/api/v1/aliases").then().statusCode(400).body("error", containsString("malformed"));
        assertThat(directory.findAlias(alias)).isEmpty();

        admin().body(Map.of("address", alias, "targets", List.of("a@x.test"))).post("/api/v1/aliases").then()
                .statusCode(201);
        admin().body(Map.of("targets", List.of("b@x.test", "bad"))).put("/api/v1/aliases/" + alias).then()
                .statusCode(400).body("error", containsString("invalid target address: bad"));
        admin().body("{}").put("/api/v1/aliases/" + alias).then().statusCode(400);
        admin().body(Map.of("targets", List.of("b@x.test"))).put("/api/v1/aliases/bad..x").then().statusCode(400);
        admin().delete("/api/v1/aliases/no-at").then().statusCode(400);
        admin().queryParam("domain", "bad domain").get("/api/v1/aliases").then().statusCode(400);
        assertThat(directory.findAlias(alias).orElseThrow().targets()).containsExactly("a@x.test");
    }

    // --- catch-all ---

    @Test
    void catchAllLifecycleAndBadInput() {
        String domain = unique("catch");
        String key = newUser(domain);
        admin().get("/api/v1/domains/" + domain + "/catch-all").then().statusCode(404)
                .body("error", containsString("no catch-all"));
        admin().body(Map.of("target", key.toUpperCase())).put("/api/v1/domains/" + domain.toUpperCase() + "/catch-all")
                .then().statusCode(200).body("target", equalTo(key.toUpperCase().replace(domain.toUpperCase(), domain)));
        admin().get("/api/v1/domains/" + domain + "/catch-all").then().statusCode(200).body("target", notNullValue());
        assertThat(directory.resolve("anything@" + domain)).containsExactly(key);

        admin().body(Map.of("target", "not an address")).put("/api/v1/domains/" + domain + "/catch-all").then()
                .statusCode(400).body("error", containsString("invalid target address"));
        admin().body("{}").put("/api/v1/domains/" + domain + "/catch-all").then().statusCode(400)
                .body("error", containsString("target is required"));
        admin().body(Map.of("target", key)).put("/api/v1/domains/bad..name/catch-all").then().statusCode(400);
        String unknown = unique("nocatch");
        admin().body(Map.of("target", key)).put("/api/v1/domains/" + unknown + "/catch-all").then().statusCode(404);
        admin().get("/api/v1/domains/" + unknown + "/catch-all").then().statusCode(404)
                .body("error", containsString("no domain"));
        admin().delete("/api/v1/domains/" + unknown + "/catch-all").then().statusCode(404);
        assertThat(directory.resolve("anything@" + domain)).as("a refused change leaves the old one").containsExactly(key);

        admin().delete("/api/v1/domains/" + domain + "/catch-all").then().statusCode(204);
        assertThat(directory.resolve("anything@" + domain)).isEmpty();
    }
}
