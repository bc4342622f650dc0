import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Topics create BOOTSTRAP PARTITIONS TOPIC...   creates the topics (replication 1) and waits until they have leaders
 * Topics count BOOTSTRAP LABEL TOPIC...         prints "RESULT phase=LABEL total=… <topic>=…" (sum of end offsets;
 *                                               a topic that does not exist counts 0)
 */
public class Topics {
    public static void main(String[] a) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, a[1]);
        try (Admin admin = Admin.create(p)) {
            if (a[0].equals("create")) {
                int partitions = Integer.parseInt(a[2]);
                List<NewTopic> topics = new ArrayList<>();
                for (int i = 3; i < a.length; i++) topics.add(new NewTopic(a[i], partitions, (short) 1));
                admin.createTopics(topics).all().get();
                List<String> names = topics.stream().map(NewTopic::name).toList();
                for (int tries = 0; ; tries++) {
                    Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get();
                    boolean led = d.values().stream().allMatch(t -> t.partitions().stream().allMatch(x -> x.leader() != null));
                    if (led) break;
                    if (tries > 100) throw new IllegalStateException("no leaders after 10 s");
                    Thread.sleep(100);
                }
                return;
            }
            List<String> names = List.of(a).subList(3, a.length);
            var existing = admin.listTopics().names().get();
            long total = 0;
            StringBuilder sb = new StringBuilder();
            for (String t : names) {
                long sum = 0;
                if (existing.contains(t)) {
                    TopicDescription d = admin.describeTopics(List.of(t)).allTopicNames().get().get(t);
                    Map<TopicPartition, OffsetSpec> req = d.partitions().stream()
                            .collect(Collectors.toMap(x -> new TopicPartition(t, x.partition()), x -> OffsetSpec.latest()));
                    for (var r : admin.listOffsets(req).all().get().values()) sum += r.offset();
                }
                total += sum;
                sb.append(' ').append(t).append('=').append(sum);
            }
            System.out.println("RESULT phase=" + a[2] + " total=" + total + sb);
        }
    }
}
