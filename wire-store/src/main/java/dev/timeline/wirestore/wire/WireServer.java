package dev.timeline.wirestore.wire;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoThreadFactory;
import de.bwaldvogel.mongo.wire.MongoExceptionHandler;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The network side: mongo-java-server's protocol handlers (message decoding, command dispatch to the backend, error
 * replies) on a netty server of its own, because its {@code MongoServer} fixes the reply encoder and this store
 * replies with {@link FastBsonEncoder}.
 */
public final class WireServer implements AutoCloseable {
    /**
     * Queries at once: each holds its whole result until the reply is sent (mongo-java-server's cursors), so more of
     * them than cores buys no speed, only heap — 16 chart-sized scans at once ran a 1 GiB store out of memory.
     */
    static final int READ_THREADS = 4;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup clients;
    private final Channel channel;
    private final MongoBackend backend;
    private final LanedDatabaseHandler handler;

    private WireServer(
            EventLoopGroup boss,
            EventLoopGroup workers,
            ChannelGroup clients,
            Channel channel,
            MongoBackend backend,
            LanedDatabaseHandler handler) {
        this.handler = handler;
        this.boss = boss;
        this.workers = workers;
        this.clients = clients;
        this.channel = channel;
        this.backend = backend;
    }

    public static WireServer bind(MongoBackend backend, InetSocketAddress address, int workerThreads) {
        EventLoopGroup boss = new NioEventLoopGroup(1, new MongoThreadFactory("wire-store-accept"));
        EventLoopGroup workers = new NioEventLoopGroup(workerThreads, new MongoThreadFactory("wire-store-worker"));
        ChannelGroup clients = new DefaultChannelGroup("wire-store-clients", workers.next());
        LanedDatabaseHandler handler = new LanedDatabaseHandler(backend, clients, READ_THREADS, workerThreads);
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 100)
                    .localAddress(address)
                    .childOption(ChannelOption.TCP_NODELAY, Boolean.TRUE)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        public void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new MongoWireReplyEncoder());
                            ch.pipeline().addLast(new FastBsonEncoder());
                            ch.pipeline().addLast(new MongoWireProtocolHandler());
                            ch.pipeline().addLast(handler);
                            ch.pipeline().addLast(new MongoExceptionHandler());
                        }
                    })
                    .bind()
                    .syncUninterruptibly()
                    .channel();
            return new WireServer(boss, workers, clients, channel, backend, handler);
        } catch (RuntimeException e) {
            handler.close();
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops listening, closes the clients, stops the threads, then closes the backend. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        clients.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        handler.close();
        backend.close();
    }
}
