package dev.timeline.query;

import static dev.timeline.events.store.CustomerLinks.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.IdentityKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/**
 * Resolves a customer key to the timeline it belongs to, from the identity links and active merges the ingest
 * service keeps (see {@link dev.timeline.events.store.CustomerLinks}). Entries are never rewritten when customers are
 * linked, merged or unmerged, so a read right after any of these is already right, and an undo is exact.
 *
 * <p>Costs a handful of small reads: one per merge hop up to the survivor (usually none), one per merge generation
 * down from it, and one for the identities. Chains are followed to {@value #MAX_DEPTH} hops; a cycle (A into B and B
 * into A, both active) stops where it closes.
 */
public final class CustomerResolver {
    static final int MAX_DEPTH = 16;

    private final MongoCollection<Document> identities;
    private final MongoCollection<Document> merges;

    public CustomerResolver(MongoDatabase database) {
        this.identities = database.getCollection(IDENTITIES);
        this.merges = database.getCollection(MERGES);
    }

    /**
     * @param key a CRM id, or an anonymous contact key {@code anon:<kind>:<value>}, whose value may be written as the
     *     channel writes it ({@code anon:phone:0987 654 321}, {@code anon:email:An@Example.VN}): it is canonicalized
     *     as events' identities are
     */
    public ResolvedCustomer resolve(String tenant, String key) {
        key = canonical(key);
        String customerId = key;
        if (key.startsWith(CustomerRef.ANONYMOUS_PREFIX)) {
            Document link = identities
                    .find(Filters.eq("_id", identityId(tenant, key.substring(CustomerRef.ANONYMOUS_PREFIX.length()))))
                    .first();
            if (link != null && link.getString(CUSTOMER_ID) != null) {
                customerId = link.getString(CUSTOMER_ID);
            }
        }
        Set<String> seen = new HashSet<>(List.of(customerId));
        for (int hop = 0; hop < MAX_DEPTH; hop++) {
            Document merge = merges.find(
                            Filters.and(Filters.eq("_id", mergeId(tenant, customerId)), Filters.eq(ACTIVE, true)))
                    .first();
            if (merge == null || !seen.add(merge.getString(MERGED_INTO))) {
                break;
            }
            customerId = merge.getString(MERGED_INTO);
        }

        Set<String> members = new LinkedHashSet<>(List.of(customerId));
        List<String> frontier = List.of(customerId);
        for (int generation = 0; generation < MAX_DEPTH && !frontier.isEmpty(); generation++) {
            List<String> next = new ArrayList<>();
            for (Document merged : merges.find(Filters.and(
                    Filters.eq(TENANT, tenant), Filters.in(MERGED_INTO, frontier), Filters.eq(ACTIVE, true)))) {
                if (members.add(merged.getString(CUSTOMER_ID))) {
                    next.add(merged.getString(CUSTOMER_ID));
                }
            }
            frontier = next;
        }
        List<String> mergedIds = members.stream().skip(1).toList();

        Set<String> keys = new LinkedHashSet<>(members);
        for (Document identity : identities.find(
                Filters.and(Filters.eq(TENANT, tenant), Filters.in(CUSTOMER_ID, List.copyOf(members))))) {
            keys.add(CustomerRef.ANONYMOUS_PREFIX + identity.getString(KIND) + ":" + identity.getString(VALUE));
        }
        return new ResolvedCustomer(key, customerId, List.copyOf(keys), mergedIds);
    }

    /** {@code anon:phone:0987 654 321} → {@code anon:phone:+84987654321}; anything else unchanged. */
    static String canonical(String key) {
        if (!key.startsWith(CustomerRef.ANONYMOUS_PREFIX)) {
            return key;
        }
        String identity = key.substring(CustomerRef.ANONYMOUS_PREFIX.length());
        int colon = identity.indexOf(':');
        if (colon <= 0 || colon == identity.length() - 1) {
            return key;
        }
        try {
            IdentityKind kind = IdentityKind.fromWire(identity.substring(0, colon));
            return CustomerRef.identity(kind, identity.substring(colon + 1)).key();
        } catch (IllegalArgumentException unknownKind) {
            return key;
        }
    }
}
