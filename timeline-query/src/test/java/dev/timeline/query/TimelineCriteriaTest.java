package dev.timeline.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TimelineCriteriaTest {

    @Test
    void searchWordsAreLiteralsNotPatterns() {
        String hostile = "(a+)+$.*[x]{99999}\\";

        assertThat(Pattern.compile(TimelineCriteria.literal(hostile))
                        .matcher("xx" + hostile + "yy")
                        .find())
                .isTrue();
        assertThat(Pattern.compile(TimelineCriteria.literal("a.c"))
                        .matcher("abc")
                        .find())
                .isFalse();
    }

    @Test
    void alwaysScopesToTheTenantAndTheTimeline() {
        String json = TimelineCriteria.of("acme", Scope.ticket("T-1"), TimelineFilter.NONE)
                .toBsonDocument()
                .toJson();

        assertThat(json).contains("\"tenant\": \"acme\"", "\"ticketId\": \"T-1\"");
    }

    @Test
    void callerValuesStayValuesEvenWhenTheyLookLikeOperators() {
        var filter = new TimelineFilter(
                List.of(),
                java.util.Set.of(),
                java.util.Set.of(),
                java.util.Set.of("{\"$ne\": null}"),
                java.util.Set.of(),
                java.util.Set.of(),
                java.util.Set.of(),
                java.util.Set.of("$gt"),
                null,
                null);

        var doc = TimelineCriteria.of("acme", Scope.customer("c1"), filter).toBsonDocument();

        assertThat(doc.toJson())
                .contains("\"source\": {\"$in\": [\"{\\\"$ne\\\": null}\"]}", "\"staff.id\": {\"$in\": [\"$gt\"]}");
    }
}
