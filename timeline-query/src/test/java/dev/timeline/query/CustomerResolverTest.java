package dev.timeline.query;

import static dev.timeline.events.store.CustomerLinks.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.Date;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resolution over the state documents exactly as the ingest service writes them (see CustomerLinks). */
class CustomerResolverTest {
    private MongoServer server;
    private MongoClient client;
    private MongoDatabase db;
    private CustomerResolver resolver;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
        db = client.getDatabase("timeline");
        resolver = new CustomerResolver(db);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void anUnknownKeyIsItsOwnTimeline() {
        assertThat(resolver.resolve("acme", "cus-1"))
                .isEqualTo(new ResolvedCustomer("cus-1", "cus-1", java.util.List.of("cus-1"), java.util.List.of()));
        assertThat(resolver.resolve("acme", "anon:zalo:4088").keys()).containsExactly("anon:zalo:4088");
    }

    @Test
    void followsMergeChainsUpAndGathersEveryMergedCustomerAndLinkedIdentityDown() {
        merge("acme", "cus-b", "cus-a", true);
        merge("acme", "cus-c", "cus-b", true);
        link("acme", "phone", "+84912345678", "cus-c");
        link("acme", "zalo", "4088", "cus-a");
        merge("globex", "cus-x", "cus-a", true);

        for (String key : java.util.List.of("cus-a", "cus-b", "cus-c", "anon:phone:+84912345678")) {
            ResolvedCustomer resolved = resolver.resolve("acme", key);
            assertThat(resolved.customerId()).as(key).isEqualTo("cus-a");
            assertThat(resolved.keys())
                    .as(key)
                    .containsExactlyInAnyOrder("cus-a", "cus-b", "cus-c", "anon:phone:+84912345678", "anon:zalo:4088");
            assertThat(resolved.mergedIds()).containsExactlyInAnyOrder("cus-b", "cus-c");
        }
    }

    @Test
    void anUndoneMergeAndAnUnlinkedIdentityAreSeparateAgain() {
        merge("acme", "cus-b", "cus-a", false);
        db.getCollection(IDENTITIES)
                .insertOne(new Document("_id", identityId("acme", "zalo:4088"))
                        .append(TENANT, "acme")
                        .append(KIND, "zalo")
                        .append(VALUE, "4088")
                        .append(AT, new Date()));

        assertThat(resolver.resolve("acme", "cus-b").keys()).containsExactly("cus-b");
        assertThat(resolver.resolve("acme", "cus-a").keys()).containsExactly("cus-a");
        assertThat(resolver.resolve("acme", "anon:zalo:4088").customerId()).isEqualTo("anon:zalo:4088");
    }

    @Test
    void aCycleStopsWhereItCloses() {
        merge("acme", "cus-a", "cus-b", true);
        merge("acme", "cus-b", "cus-a", true);

        ResolvedCustomer resolved = resolver.resolve("acme", "cus-a");

        assertThat(resolved.keys()).containsExactlyInAnyOrder("cus-a", "cus-b");
    }

    @Test
    void anonymousKeysAreCanonicalizedLikeEventIdentities() {
        link("acme", "phone", "+84987654321", "cus-3");
        link("acme", "email", "an@example.vn", "cus-4");

        assertThat(resolver.resolve("acme", "anon:phone:0987 654 321").customerId())
                .isEqualTo("cus-3");
        assertThat(resolver.resolve("acme", "anon:phone:84987654321").customerId())
                .isEqualTo("cus-3");
        assertThat(resolver.resolve("acme", "anon:email:An@Example.VN").customerId())
                .isEqualTo("cus-4");
        assertThat(resolver.resolve("acme", "anon:fax:123").keys()).containsExactly("anon:fax:123");
    }

    private void merge(String tenant, String merged, String survivor, boolean active) {
        db.getCollection(MERGES)
                .insertOne(new Document("_id", mergeId(tenant, merged))
                        .append(TENANT, tenant)
                        .append(CUSTOMER_ID, merged)
                        .append(MERGED_INTO, survivor)
                        .append(ACTIVE, active)
                        .append(AT, new Date()));
    }

    private void link(String tenant, String kind, String value, String customerId) {
        db.getCollection(IDENTITIES)
                .insertOne(new Document("_id", identityId(tenant, kind + ":" + value))
                        .append(TENANT, tenant)
                        .append(KIND, kind)
                        .append(VALUE, value)
                        .append(CUSTOMER_ID, customerId)
                        .append(AT, new Date()));
    }
}
