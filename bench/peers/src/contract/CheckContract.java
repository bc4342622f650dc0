import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.timeline.events.Decoded;
import dev.timeline.events.EventCodec;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.store.EntryIds;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * CheckContract TRAFFIC N SEED SCHEMA_SAMPLE
 *
 * <p>Proves that what the harness publishes is what the ingest-service accepts, using the project's own code from the
 * packaged jar (common-events): every one of the N records is decoded with {@code EventCodec} and must be
 * {@code Accepted}, its type's topic must be the topic it is published on (else the service refuses it as WRONG_TOPIC),
 * its record key must be {@code TimelineEvent.partitionKey()}, and the harness's entry id must equal
 * {@code EntryIds.of(tenant, source, id)}. The first SCHEMA_SAMPLE records are also validated against the JSON Schema
 * {@code schemas/timeline-event-v1.schema.json} shipped in common-events (draft 2020-12, format assertions on, as in
 * JsonSchemaTest). Prints one RESULT line and the count per type; exits 1 on the first problems (up to 5 shown).
 */
public class CheckContract {
    public static void main(String[] a) throws Exception {
        String kind = a[0];
        int n = Integer.parseInt(a[1]);
        long seed = Long.parseLong(a[2]);
        int schemaSample = Math.min(n, Integer.parseInt(a[3]));
        List<Traffic.Ev> events = new Traffic(kind, seed).generate(n);

        JsonSchema schema;
        try (InputStream in = EventCodec.class.getResourceAsStream("/schemas/timeline-event-v1.schema.json")) {
            if (in == null) throw new IllegalStateException("schema not on the classpath (common-events jar)");
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        }
        ObjectMapper json = new ObjectMapper();
        EventCodec codec = new EventCodec();
        Instant now = Instant.now();
        Map<String, Integer> perType = new TreeMap<>();
        int problems = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Traffic.Ev ev = events.get(i);
            String problem = null;
            Decoded d = codec.decode(ev.value(), now);
            if (d instanceof Decoded.Rejected rej) {
                problem = rej.reason() + ": " + rej.message();
            } else {
                TimelineEvent e = ((Decoded.Accepted) d).event();
                if (!e.type().topic().topicName().equals(ev.topic())) {
                    problem = "WRONG_TOPIC: " + e.type().wire() + " published on " + ev.topic();
                } else if (!e.partitionKey().equals(ev.key())) {
                    problem = "key " + ev.key() + " != partitionKey() " + e.partitionKey();
                } else if (!EntryIds.of(e.tenant(), e.source(), e.id()).equals(ev.entryId())) {
                    problem = "harness entry id differs from EntryIds.of";
                }
                perType.merge(e.type().wire(), 1, Integer::sum);
            }
            if (problem == null && i < schemaSample) {
                Set<ValidationMessage> errors = schema.validate(json.readTree(ev.value()));
                if (!errors.isEmpty()) problem = "JSON Schema: " + errors;
            }
            if (problem != null && problems++ < 5) {
                System.out.println("record " + i + " (" + ev.topic() + "): " + problem + "\n  "
                        + new String(ev.value(), StandardCharsets.UTF_8));
            }
        }
        Traffic.Shape s = Traffic.shape(events);
        System.out.printf(
                "RESULT phase=contract traffic=%s n=%d ok=%d problems=%d schema_checked=%d types=%d plain=%d"
                        + " folded=%d heads=%d ms=%d%n",
                kind, n, n - problems, problems, schemaSample, perType.size(), s.plain(), s.folded(), s.heads(),
                (System.nanoTime() - t0) / 1_000_000);
        perType.forEach((t, c) -> System.out.printf("  %-30s %8d%n", t, c));
        System.exit(problems == 0 ? 0 : 1);
    }
}
