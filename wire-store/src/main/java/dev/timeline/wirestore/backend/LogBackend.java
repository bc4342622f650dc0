package dev.timeline.wirestore.backend;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import dev.timeline.wirestore.log.StoreLog;
import io.netty.channel.Channel;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * mongo-java-server's backend over a {@link StoreLog}: the databases found in the log are opened at start (their
 * indexes built), and write concerns are honoured: a write sent with {@code j: true} (or {@code w: "majority"}) is
 * answered only once it is on disk with everything written before it; so is the {@code fsync} command.
 */
public final class LogBackend extends AbstractMongoBackend {
    private static final Set<String> WRITES = Set.of(
            "insert",
            "update",
            "delete",
            "findandmodify",
            "create",
            "createindexes",
            "drop",
            "dropindexes",
            "dropdatabase");

    private final StoreLog log;
    private final OpenCursors cursors = new OpenCursors(getCursorRegistry());

    public LogBackend(StoreLog log) {
        this.log = log;
        Set<String> databases = new TreeSet<>();
        for (StoreLog.Namespace namespace : log.namespaces()) {
            databases.add(Utils.firstFragment(namespace.name()));
        }
        databases.forEach(this::resolveDatabase);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new LogDatabase(databaseName, getCursorRegistry(), cursors, log);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("hello")) {
            Document response = super.handleCommand(channel, databaseName, "ismaster", query);
            response.put("isWritablePrimary", Boolean.TRUE);
            response.put("helloOk", Boolean.TRUE);
            return response;
        }
        if (name.equals("fsync")) {
            log.sync();
            Document response = new Document("numFiles", 1);
            Utils.markOkay(response);
            return response;
        }
        Document response = super.handleCommand(channel, databaseName, command, query);
        if (name.equals("serverstatus")
                && response.get("metrics") instanceof Document metrics
                && metrics.get("cursor") instanceof Document cursor) {
            cursor.put("timedOut", cursors.timedOut());
        }
        if (WRITES.contains(name) && journaled(query.get("writeConcern"))) {
            log.sync();
        }
        return response;
    }

    /** Whether a write concern asks for the write to be on disk before it is acknowledged. */
    static boolean journaled(Object writeConcern) {
        if (!(writeConcern instanceof Document concern)) {
            return false;
        }
        return Utils.isTrue(concern.get("j"))
                || Utils.isTrue(concern.get("fsync"))
                || "majority".equals(concern.get("w"));
    }

    public StoreLog storeLog() {
        return log;
    }

    @Override
    public void close() {
        super.close();
        cursors.close();
        log.close();
    }
}
