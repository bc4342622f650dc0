import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Store HOST PORT: the MongoDB-wire store every contender writes to, mongo-java-server's in-memory backend in a JVM
 * of its own (so its CPU and heap are measured apart from the contenders'). Prints "STORE READY" once bound.
 */
public class Store {
    public static void main(String[] a) throws Exception {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind(a[0], Integer.parseInt(a[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        System.out.println("STORE READY " + server.getLocalAddress());
        Thread.currentThread().join();
    }
}
