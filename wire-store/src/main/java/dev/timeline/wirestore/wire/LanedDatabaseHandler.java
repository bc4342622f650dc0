package dev.timeline.wirestore.wire;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoThreadFactory;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.message.ClientRequest;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.group.ChannelGroup;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * mongo-java-server's command handling, off the network threads and in lanes. Queries ({@code find}, {@code getMore},
 * {@code aggregate}, {@code count}, {@code distinct}, {@code explain}) run on a pool of the client application's own —
 * the name a driver sends in its handshake ({@code appName}, which every service of this project sets to its own
 * name); everything else — writes, {@code hello} and the other commands a driver's monitor sends — on one more pool.
 * Run on the network threads, a long scan held up every connection sharing its thread: ingest's writes waited behind
 * the API's reads, and once a driver's heartbeat waited past its timeout the driver declared the server gone and
 * cleared its pool (every request in flight failed). In one lane for all queries, the ingest's look-ups (a folded
 * call's head, a customer's links) queued behind a burst of the API's charts, and ingest fell minutes behind while
 * using no CPU. Now one application's queries queue behind its own only.
 *
 * <p>One request per connection at a time is what MongoDB drivers send (a reply is awaited before the next request);
 * fire-and-forget writes ({@code w: 0}, which nothing here uses) could overtake each other.
 */
@ChannelHandler.Sharable
final class LanedDatabaseHandler extends MongoDatabaseHandler implements AutoCloseable {
    /** Applications with a lane of their own; connections of others (or without a name) share one. */
    static final int MAX_NAMED_LANES = 8;

    private static final Set<String> QUERIES = Set.of("find", "getmore", "aggregate", "count", "distinct", "explain");
    private static final Set<String> HANDSHAKES = Set.of("hello", "ismaster");
    private static final AttributeKey<String> APPLICATION = AttributeKey.valueOf("wire-store-application");
    private static final String UNNAMED = "";

    private final int readThreads;
    private final Map<String, ExecutorService> reads = new ConcurrentHashMap<>();
    private final ExecutorService others;

    LanedDatabaseHandler(MongoBackend backend, ChannelGroup clients, int readThreads, int otherThreads) {
        super(backend, clients);
        this.readThreads = readThreads;
        this.others = Executors.newFixedThreadPool(otherThreads, new MongoThreadFactory("wire-store-write"));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientRequest request) {
        Document command = command(request);
        String name = command == null || command.isEmpty()
                ? ""
                : command.keySet().iterator().next().toLowerCase(Locale.ROOT);
        if (HANDSHAKES.contains(name) && command.get("client") instanceof Document client) {
            String application =
                    client.get("application") instanceof Document a && a.get("name") instanceof String n ? n : UNNAMED;
            ctx.channel().attr(APPLICATION).set(application);
        }
        ExecutorService lane = QUERIES.contains(name)
                ? readLane(ctx.channel().attr(APPLICATION).get())
                : others;
        lane.execute(() -> {
            try {
                super.channelRead0(ctx, request);
            } catch (RuntimeException | Error e) {
                // as on the network thread: the exception handler logs it, closes the channel
                ctx.fireExceptionCaught(e);
            }
        });
    }

    private ExecutorService readLane(@Nullable String application) {
        String lane = application == null || (reads.size() >= MAX_NAMED_LANES && !reads.containsKey(application))
                ? UNNAMED
                : application;
        return reads.computeIfAbsent(
                lane,
                l -> Executors.newFixedThreadPool(
                        readThreads, new MongoThreadFactory("wire-store-read" + (l.isEmpty() ? "" : "-" + l))));
    }

    /** The command document of an {@code OP_MSG} or of a legacy {@code OP_QUERY} (a driver's first handshake). */
    private static @Nullable Document command(ClientRequest request) {
        if (request instanceof MongoMessage message) {
            return message.getDocument();
        }
        if (request instanceof MongoQuery query) {
            return query.getQuery();
        }
        return null;
    }

    @Override
    public void close() {
        List<ExecutorService> pools = new ArrayList<>(reads.values());
        pools.add(others);
        pools.forEach(ExecutorService::shutdown);
        try {
            for (ExecutorService pool : pools) {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
