package dev.timeline.events;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One interaction as a connector publishes it: the CloudEvents attributes ({@code id}, {@code source}, {@code type},
 * {@code time}, and the {@code tenant} extension) and the data every kind shares, around a typed {@link Payload}.
 *
 * @param id unique within {@code source}; a redelivery or re-publication carries the same id
 * @param source which integration sent it, e.g. {@code zalo-oa/4312} or {@code callcenter/stringee}
 * @param time when it happened (not when it was sent)
 * @param tenant the business using the CDP
 */
public record TimelineEvent(
        String id,
        String source,
        Instant time,
        String tenant,
        CustomerRef customer,
        @Nullable Staff staff,
        @Nullable String ticketId,
        List<Attachment> attachments,
        Payload payload) {

    public static final String SPEC_VERSION = "1.0";
    /** The schema version this code writes and the highest it reads. */
    public static final int SCHEMA_VERSION = 1;

    public TimelineEvent {
        attachments = List.copyOf(attachments);
    }

    public EventType type() {
        return EventType.of(payload);
    }

    /** The Kafka record key: tenant and customer, so that one customer's events stay on one partition, in order. */
    public String partitionKey() {
        return tenant + "/" + customer.key();
    }

    public static Builder builder(String tenant, CustomerRef customer) {
        return new Builder(tenant, customer);
    }

    /** For connectors and tests: the shared fields set once, then one event per payload. */
    public static final class Builder {
        private final String tenant;
        private final CustomerRef customer;
        private String source = "unknown";
        private @Nullable Staff staff;
        private @Nullable String ticketId;
        private List<Attachment> attachments = List.of();

        private Builder(String tenant, CustomerRef customer) {
            this.tenant = tenant;
            this.customer = customer;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder staff(@Nullable Staff staff) {
            this.staff = staff;
            return this;
        }

        public Builder ticket(@Nullable String ticketId) {
            this.ticketId = ticketId;
            return this;
        }

        public Builder attachments(List<Attachment> attachments) {
            this.attachments = attachments;
            return this;
        }

        public TimelineEvent build(String id, Instant time, Payload payload) {
            return new TimelineEvent(id, source, time, tenant, customer, staff, ticketId, attachments, payload);
        }
    }
}
