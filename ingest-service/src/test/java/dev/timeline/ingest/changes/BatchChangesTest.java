package dev.timeline.ingest.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timeline.events.CustomerErased;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.CustomersMerged;
import dev.timeline.events.Events;
import dev.timeline.events.Identity;
import dev.timeline.events.IdentityKind;
import dev.timeline.events.IdentityLinked;
import dev.timeline.events.TicketCommented;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.changes.Change;
import dev.timeline.events.store.TimelineFields;
import dev.timeline.ingest.correlate.HeadWriter;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class BatchChangesTest {

    private static Document entry(String id, String customer, String ticket) {
        Document d = new Document(TimelineFields.ID, id)
                .append(TimelineFields.TENANT, "acme")
                .append(TimelineFields.CUSTOMER_ID, customer);
        return ticket == null ? d : d.append(TimelineFields.TICKET_ID, ticket);
    }

    private static HeadWriter.Written written(Set<String> inserted, Set<String> updated) {
        return new HeadWriter.Written(new LinkedHashSet<>(inserted), new LinkedHashSet<>(updated));
    }

    @Test
    void newEntriesButNotRedeliveredOnes() {
        BitSet duplicates = new BitSet();
        duplicates.set(1);

        List<Change> changes = BatchChanges.of(
                7,
                List.of(entry("e1", "cus-1", null), entry("e2", "cus-1", null), entry("e3", "anon:zalo:9", "T-1")),
                duplicates,
                List.of(),
                written(Set.of(), Set.of()),
                List.of(),
                List.of(),
                List.of());

        assertThat(changes)
                .containsExactly(
                        new Change(Change.Type.NEW, "acme", List.of("cus-1"), "e1", null, 7),
                        new Change(Change.Type.NEW, "acme", List.of("anon:zalo:9"), "e3", "T-1", 7));
    }

    @Test
    void aFoldedEntryIsNewWhenInsertedChangedWhenUpdatedAndNothingWhenItHadEveryPart() {
        List<Document> parts = List.of(
                entry("p1", "cus-1", null).append(TimelineFields.HEAD_ID, "call-a"),
                entry("p2", "cus-1", null).append(TimelineFields.HEAD_ID, "call-a"),
                entry("p3", "cus-2", null).append(TimelineFields.HEAD_ID, "mail-b"),
                entry("p4", "cus-3", null).append(TimelineFields.HEAD_ID, "call-c"));

        List<Change> changes = BatchChanges.of(
                7,
                List.of(),
                new BitSet(),
                parts,
                written(Set.of("call-a"), Set.of("mail-b")),
                List.of(),
                List.of(),
                List.of());

        assertThat(changes)
                .containsExactly(
                        new Change(Change.Type.NEW, "acme", List.of("cus-1"), "call-a", null, 7),
                        new Change(Change.Type.CHANGED, "acme", List.of("cus-2"), "mail-b", null, 7));
    }

    @Test
    void ticketsOnceEachAndBothSidesOfLinksAndMergesAndErasures() {
        var customer = CustomerRef.id("cus-1");
        TimelineEvent comment1 = TimelineEvent.builder("acme", customer)
                .source("helpdesk")
                .ticket("T-9")
                .build("c1", Events.T0, new TicketCommented("a", TicketCommented.Visibility.PUBLIC));
        TimelineEvent comment2 = TimelineEvent.builder("acme", customer)
                .source("helpdesk")
                .ticket("T-9")
                .build("c2", Events.T0, new TicketCommented("b", TicketCommented.Visibility.PUBLIC));
        TimelineEvent link = Events.control(
                "acme", "cus-1", "l", Events.T0, new IdentityLinked(new Identity(IdentityKind.ZALO, "9001")));
        TimelineEvent merge = Events.control("acme", "cus-1", "m", Events.T0, new CustomersMerged("cus-2"));
        TimelineEvent erase = Events.control("acme", "cus-3", "x", Events.T0, new CustomerErased("DSR-1"));

        List<Change> changes = BatchChanges.of(
                7,
                List.of(),
                new BitSet(),
                List.of(),
                written(Set.of(), Set.of()),
                List.of(comment1, comment2),
                List.of(link, merge),
                List.of(erase));

        assertThat(changes)
                .containsExactly(
                        new Change(Change.Type.TICKET, "acme", List.of("cus-1"), null, "T-9", 7),
                        new Change(Change.Type.RELOAD, "acme", List.of("cus-1", "anon:zalo:9001"), null, null, 7),
                        new Change(Change.Type.RELOAD, "acme", List.of("cus-1", "cus-2"), null, null, 7),
                        new Change(Change.Type.GONE, "acme", List.of("cus-3"), null, null, 7));
    }
}
