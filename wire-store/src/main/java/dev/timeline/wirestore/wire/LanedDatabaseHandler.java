package dev.timeline.wirestore.wire;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoThreadFactory;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.message.ClientRequest;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.group.ChannelGroup;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * mongo-java-server's command handling, off the network threads and in two lanes. Queries ({@code find},
 * {@code getMore}, {@code aggregate}, {@code count}, {@code distinct}, {@code explain}) run on one pool; everything else
 * — writes, {@code hello} and the other commands a driver's monitor sends — on another. Run on the network threads,
 * a long scan held up every connection sharing its thread: ingest's writes waited behind the API's reads, and once
 * a driver's heartbeat waited past its timeout the driver declared the server gone and cleared its pool (every
 * request in flight failed). Now reads queue behind reads only.
 *
 * <p>One request per connection at a time is what MongoDB drivers send (a reply is awaited before the next request);
 * fire-and-forget writes ({@code w: 0}, which nothing here uses) could overtake each other.
 */
@ChannelHandler.Sharable
final class LanedDatabaseHandler extends MongoDatabaseHandler implements AutoCloseable {
    private static final Set<String> QUERIES = Set.of("find", "getmore", "aggregate", "count", "distinct", "explain");

    private final ExecutorService reads;
    private final ExecutorService others;

    LanedDatabaseHandler(MongoBackend backend, ChannelGroup clients, int readThreads, int otherThreads) {
        super(backend, clients);
        this.reads = Executors.newFixedThreadPool(readThreads, new MongoThreadFactory("wire-store-read"));
        this.others = Executors.newFixedThreadPool(otherThreads, new MongoThreadFactory("wire-store-write"));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientRequest request) {
        (isQuery(request) ? reads : others).execute(() -> {
            try {
                super.channelRead0(ctx, request);
            } catch (RuntimeException | Error e) {
                // as on the network thread: the exception handler logs it, closes the channel
                ctx.fireExceptionCaught(e);
            }
        });
    }

    private static boolean isQuery(ClientRequest request) {
        if (request instanceof MongoMessage message && !message.getDocument().isEmpty()) {
            return QUERIES.contains(
                    message.getDocument().keySet().iterator().next().toLowerCase(java.util.Locale.ROOT));
        }
        return false;
    }

    @Override
    public void close() {
        reads.shutdown();
        others.shutdown();
        try {
            reads.awaitTermination(5, TimeUnit.SECONDS);
            others.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
