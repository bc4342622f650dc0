package dev.timeline.query;

import java.util.List;

/**
 * What a customer key resolves to.
 *
 * @param requested the key asked for: a CRM id, a merged customer's id, an anonymous contact key
 * @param customerId the customer whose timeline that is: the survivor of any merges, the customer an identity is
 *     linked to, or the anonymous contact itself when it is linked to nobody
 * @param keys every key whose entries belong on that timeline: {@code customerId}, the customers merged into it (at
 *     any depth), and the anonymous contacts of the identities linked to any of them
 * @param mergedIds the customers merged into {@code customerId}
 */
public record ResolvedCustomer(String requested, String customerId, List<String> keys, List<String> mergedIds) {

    public ResolvedCustomer {
        keys = List.copyOf(keys);
        mergedIds = List.copyOf(mergedIds);
    }
}
