package dev.timeline.wirestore.log;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's data: an append-only log of record versions in segment files, plus the in-memory table of where each
 * record's current version lives. A write appends (one {@code write} per batch), a read is one positional read; the
 * OS page cache holds hot data, the JVM heap only the tables and indexes.
 *
 * <p><b>Durability.</b> The log is written in order and forced to disk ({@code fsync}) by {@link #sync()}, which waits
 * for everything appended so far; concurrent callers share one force (group commit). A background flusher forces the
 * log every {@link Settings#syncEvery()}. So after a crash the store holds a prefix of the writes: every write that a
 * client saw synced, and everything before it; a torn record at the end (the crash interrupted its write) fails its
 * CRC and is cut off.
 *
 * <p><b>Record layout.</b> {@code int length} (of what follows the CRC), {@code int crc32c} (of what follows it),
 * {@code byte op} ({@link #PUT}, {@link #DELETE}), {@code int namespace}, {@code long recordId}, payload (BSON).
 * Namespaces (collections) are numbered in a small metadata file written before their first record.
 *
 * <p><b>Compaction.</b> Updates and deletes leave dead versions behind. When the oldest closed segments are mostly
 * dead, their live records are appended again and the segments deleted; always a prefix of the log, so a delete can
 * never be dropped while an older version of its record survives.
 */
public final class StoreLog implements Closeable {
    public static final byte PUT = 1;
    public static final byte DELETE = 2;
    static final int HEADER = 4 + 4 + 1 + 4 + 8;
    private static final String SEGMENT_PREFIX = "segment-";
    private static final String SEGMENT_SUFFIX = ".log";
    private static final String NAMESPACES_FILE = "namespaces.tsv";
    private static final Logger log = LoggerFactory.getLogger(StoreLog.class);

    /**
     * @param segmentBytes a segment is closed and a new one started past this size (at most 128 MiB)
     * @param syncEvery how often the background flusher forces the log: the most an unsynced write can lose
     * @param compactBelowLiveRatio compact the oldest segments once less than this share of their bytes is live
     * @param compactMinBytes and only once at least this much is dead
     */
    public record Settings(long segmentBytes, Duration syncEvery, double compactBelowLiveRatio, long compactMinBytes) {
        public static Settings defaults() {
            return new Settings(64L << 20, Duration.ofMillis(100), 0.5, 64L << 20);
        }

        public Settings {
            if (segmentBytes <= 0 || segmentBytes > Location.MAX_SEGMENT_BYTES) {
                throw new IllegalArgumentException("segmentBytes must be in (0, 128 MiB]");
            }
        }
    }

    /** One collection's records: the table of their locations and the lock its writers (and compaction) take. */
    public static final class Namespace {
        private final int id;
        private final String name;
        private final RecordTable records = new RecordTable();
        private final ReentrantLock writeLock = new ReentrantLock();
        private volatile boolean dropped;

        Namespace(int id, String name) {
            this.id = id;
            this.name = name;
        }

        public String name() {
            return name;
        }

        public RecordTable records() {
            return records;
        }

        public ReentrantLock writeLock() {
            return writeLock;
        }
    }

    private static final class Segment {
        final long sequence;
        final int slot;
        final Path path;
        final FileChannel channel;
        final AtomicLong size;
        final AtomicLong live = new AtomicLong();

        Segment(long sequence, int slot, Path path, FileChannel channel, long size) {
            this.sequence = sequence;
            this.slot = slot;
            this.path = path;
            this.channel = channel;
            this.size = new AtomicLong(size);
        }
    }

    /** A record to append: its namespace, id and payload. */
    public record Write(Namespace namespace, long recordId, byte op, byte @Nullable [] payload) {}

    private final Path directory;
    private final Settings settings;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final AtomicReferenceArray<Segment> slots = new AtomicReferenceArray<>(Location.MAX_SLOTS);
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final Map<Integer, Namespace> namespacesById = new ConcurrentHashMap<>();
    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();
    private final Map<Integer, String> droppedNamespaces = new ConcurrentHashMap<>();
    private final List<Segment> unsynced = new ArrayList<>();
    private final Object syncMonitor = new Object();
    private final ScheduledExecutorService background;
    private Segment active;
    private int nextSlot;
    private int nextNamespaceId;
    private volatile long appended;
    private volatile long durable;
    private volatile @Nullable IOException failure;
    private volatile boolean closed;

    private StoreLog(Path directory, Settings settings) {
        this.directory = directory;
        this.settings = settings;
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wire-store-log");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens (or creates) the log in {@code directory}, replaying it into the namespaces' record tables. */
    public static StoreLog open(Path directory, Settings settings) throws IOException {
        Files.createDirectories(directory);
        StoreLog log = new StoreLog(directory, settings);
        log.replay();
        long syncMillis = Math.max(1, settings.syncEvery().toMillis());
        log.background.scheduleWithFixedDelay(log::backgroundSync, syncMillis, syncMillis, TimeUnit.MILLISECONDS);
        log.background.scheduleWithFixedDelay(log::backgroundCompact, 5, 5, TimeUnit.SECONDS);
        return log;
    }

    // ---- namespaces ----

    public Collection<Namespace> namespaces() {
        return List.copyOf(namespaces.values());
    }

    public @Nullable Namespace find(String name) {
        return namespaces.get(name);
    }

    /** The namespace of that name, created (and recorded on disk) if it does not exist. */
    public Namespace namespace(String name) {
        Namespace existing = namespaces.get(name);
        if (existing != null) {
            return existing;
        }
        synchronized (namespaces) {
            existing = namespaces.get(name);
            if (existing != null) {
                return existing;
            }
            Namespace created = new Namespace(nextNamespaceId++, name);
            namespacesById.put(created.id, created);
            namespaces.put(name, created);
            writeNamespaces();
            return created;
        }
    }

    /** Forgets a namespace: its records are dead from now on (compaction reclaims them). */
    public void drop(Namespace namespace) {
        synchronized (namespaces) {
            namespace.dropped = true;
            namespaces.remove(namespace.name, namespace);
            namespacesById.remove(namespace.id);
            droppedNamespaces.put(namespace.id, namespace.name);
            writeNamespaces();
        }
        namespace.records.forEachId(id -> {
            long location = namespace.records.clear(id);
            Segment segment = slots.get(Location.slot(location));
            if (segment != null) {
                segment.live.addAndGet(-Location.length(location));
            }
        });
    }

    private void writeNamespaces() {
        StringBuilder text = new StringBuilder();
        text.append("next\t").append(nextNamespaceId).append('\n');
        namespacesById
                .values()
                .forEach(ns -> text.append(ns.id).append('\t').append(ns.name).append('\n'));
        droppedNamespaces.forEach(
                (id, name) -> text.append(id).append("\t").append(name).append("\tdropped\n"));
        try {
            Path temporary = directory.resolve(NAMESPACES_FILE + ".tmp");
            try (FileChannel out = FileChannel.open(
                    temporary,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
                out.force(true);
            }
            Files.move(
                    temporary,
                    directory.resolve(NAMESPACES_FILE),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    private void readNamespaces() throws IOException {
        Path file = directory.resolve(NAMESPACES_FILE);
        if (!Files.exists(file)) {
            return;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t", -1);
            if (fields.length >= 2 && fields[0].equals("next")) {
                nextNamespaceId = Integer.parseInt(fields[1]);
            } else if (fields.length == 2) {
                Namespace ns = new Namespace(Integer.parseInt(fields[0]), fields[1]);
                namespacesById.put(ns.id, ns);
                namespaces.put(ns.name, ns);
            } else if (fields.length == 3) {
                droppedNamespaces.put(Integer.parseInt(fields[0]), fields[1]);
            }
        }
    }

    // ---- writes ----

    /**
     * Appends the writes in order and applies them to their namespaces' tables. The caller holds the namespaces'
     * write locks. Returns the log position after them, for {@link #syncUpTo}.
     */
    public long append(List<Write> writes) {
        if (writes.isEmpty()) {
            return appended;
        }
        checkHealthy();
        long[] locations = new long[writes.size()];
        appendLock.lock();
        try {
            ByteBuffer buffer = ByteBuffer.allocate(Math.min(bytes(writes), (int) settings.segmentBytes()));
            long start = active.size.get();
            CRC32C crc = new CRC32C();
            for (int i = 0; i < writes.size(); i++) {
                Write write = writes.get(i);
                int payload = write.payload() == null ? 0 : write.payload().length;
                int length = HEADER + payload;
                if (length > Location.MAX_RECORD_BYTES) {
                    throw new IllegalArgumentException("record of " + length + " bytes is too large");
                }
                if (start + buffer.position() + length > settings.segmentBytes()) {
                    // It does not fit in this segment: write what is buffered, continue in a new one (a record
                    // larger than a whole segment gets an empty segment to itself).
                    flush(buffer, start);
                    if (active.size.get() > 0) {
                        roll();
                    }
                    start = active.size.get();
                }
                if (buffer.remaining() < length) {
                    flush(buffer, start);
                    start = active.size.get();
                    if (buffer.capacity() < length) {
                        buffer = ByteBuffer.allocate(length);
                    }
                }
                int at = buffer.position();
                buffer.putInt(length - 8)
                        .putInt(0)
                        .put(write.op())
                        .putInt(write.namespace().id)
                        .putLong(write.recordId());
                if (payload > 0) {
                    buffer.put(write.payload());
                }
                crc.reset();
                crc.update(buffer.array(), at + 8, length - 8);
                buffer.putInt(at + 4, (int) crc.getValue());
                locations[i] = Location.of(active.slot, start + at, length);
            }
            flush(buffer, start);
        } finally {
            appendLock.unlock();
        }
        for (int i = 0; i < writes.size(); i++) {
            apply(writes.get(i), locations[i]);
        }
        return appended;
    }

    private static int bytes(List<Write> writes) {
        long total = 0;
        for (Write write : writes) {
            total += HEADER + (write.payload() == null ? 0 : write.payload().length);
        }
        return (int) Math.min(Integer.MAX_VALUE - 16, total);
    }

    /** Writes the buffer's content at {@code position} of the active segment. Under the append lock. */
    private void flush(ByteBuffer buffer, long position) {
        buffer.flip();
        int bytes = buffer.remaining();
        try {
            long at = position;
            while (buffer.hasRemaining()) {
                at += active.channel.write(buffer, at);
            }
        } catch (IOException e) {
            throw fail(e);
        }
        active.size.addAndGet(bytes);
        appended += bytes;
        buffer.clear();
    }

    private void apply(Write write, long location) {
        RecordTable table = write.namespace().records;
        Segment segment = slots.get(Location.slot(location));
        if (write.op() == PUT) {
            long before = table.set(write.recordId(), location);
            segment.live.addAndGet(Location.length(location));
            release(before);
        } else {
            release(table.clear(write.recordId()));
        }
    }

    private void release(long location) {
        if (location != RecordTable.ABSENT) {
            Segment old = slots.get(Location.slot(location));
            if (old != null) {
                old.live.addAndGet(-Location.length(location));
            }
        }
    }

    /** Closes the active segment and starts the next one. Under the append lock. */
    private void roll() {
        long sequence = active == null ? 1 : active.sequence + 1;
        try {
            Segment next = openSegment(sequence, true);
            if (active != null) {
                unsynced.add(active);
            }
            active = next;
            forceDirectory();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    private Segment openSegment(long sequence, boolean create) throws IOException {
        Path path = directory.resolve(String.format("%s%012d%s", SEGMENT_PREFIX, sequence, SEGMENT_SUFFIX));
        FileChannel channel = create
                ? FileChannel.open(
                        path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        int slot = freeSlot();
        Segment segment = new Segment(sequence, slot, path, channel, channel.size());
        slots.set(slot, segment);
        segments.put(sequence, segment);
        return segment;
    }

    /** Slots are handed out round robin, so a slot freed by compaction is not reused while readers may hold it. */
    private synchronized int freeSlot() {
        for (int i = 0; i < Location.MAX_SLOTS; i++) {
            int slot = (nextSlot + i) % Location.MAX_SLOTS;
            if (slots.get(slot) == null) {
                nextSlot = slot + 1;
                return slot;
            }
        }
        throw new IllegalStateException("more than " + Location.MAX_SLOTS + " segments");
    }

    /** The log position after everything appended so far. */
    public long appended() {
        return appended;
    }

    /** Forces everything appended so far to disk. */
    public void sync() {
        syncUpTo(appended);
    }

    /** Returns once everything up to {@code position} is on disk; one force serves every waiting caller. */
    public void syncUpTo(long position) {
        if (durable >= position) {
            return;
        }
        synchronized (syncMonitor) {
            if (durable >= position) {
                return;
            }
            checkHealthy();
            long upTo;
            List<Segment> toForce;
            appendLock.lock();
            try {
                upTo = appended;
                toForce = new ArrayList<>(unsynced);
                unsynced.clear();
                toForce.add(active);
            } finally {
                appendLock.unlock();
            }
            for (Segment segment : toForce) {
                try {
                    segment.channel.force(false);
                } catch (ClosedChannelException compactedAway) {
                    // its live records were copied and synced before it was closed
                } catch (IOException e) {
                    throw fail(e);
                }
            }
            durable = upTo;
        }
    }

    public long durable() {
        return durable;
    }

    private void backgroundSync() {
        try {
            if (!closed && failure == null && durable < appended) {
                sync();
            }
        } catch (RuntimeException e) {
            log.error("background sync failed: {}", e.toString());
        }
    }

    // ---- reads ----

    /** The payload of the record's current version, or null if it has none. */
    public byte @Nullable [] read(Namespace namespace, long recordId) {
        for (int attempt = 0; ; attempt++) {
            long location = namespace.records.location(recordId);
            if (location == RecordTable.ABSENT) {
                return null;
            }
            byte[] payload = readAt(namespace, recordId, location);
            if (payload != null) {
                return payload;
            }
            if (attempt == 10) {
                throw new IllegalStateException("record " + namespace.name + "/" + recordId + " keeps moving");
            }
        }
    }

    /** Null when the location went stale (compaction moved the record, or reused the slot): look it up again. */
    private byte @Nullable [] readAt(Namespace namespace, long recordId, long location) {
        Segment segment = slots.get(Location.slot(location));
        if (segment == null) {
            return null;
        }
        int length = Location.length(location);
        ByteBuffer record = ByteBuffer.allocate(length);
        try {
            long at = Location.offset(location);
            while (record.hasRemaining()) {
                int n = segment.channel.read(record, at + record.position());
                if (n < 0) {
                    return null;
                }
            }
        } catch (ClosedChannelException compacted) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = record.array();
        ByteBuffer view = ByteBuffer.wrap(bytes);
        if (view.getInt(0) != length - 8
                || view.get(8) != PUT
                || view.getInt(9) != namespace.id
                || view.getLong(13) != recordId) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 8, length - 8);
        if ((int) crc.getValue() != view.getInt(4)) {
            throw new IllegalStateException("record " + namespace.name + "/" + recordId + " fails its checksum in "
                    + segment.path.getFileName());
        }
        return java.util.Arrays.copyOfRange(bytes, HEADER, length);
    }

    /** A live record met by {@link #scanLive}. */
    public interface LiveRecord {
        void accept(Namespace namespace, long recordId, byte[] bson, int offset, int length);
    }

    /**
     * Reads every segment once, in order, and hands over the current version of each record of {@code wanted}: how
     * indexes are built, sequentially instead of a positional read per record. On a running store the caller holds
     * the namespaces' write locks, so none of their records moves meanwhile; a segment compacted away before that
     * had its live records appended again further on, and is skipped.
     */
    public void scanLive(Collection<Namespace> wanted, LiveRecord consumer) throws IOException {
        java.util.Map<Integer, Namespace> byId = new java.util.HashMap<>();
        wanted.forEach(ns -> byId.put(ns.id, ns));
        for (Segment segment : segments.values()) {
            try {
                scanLive(segment, byId, consumer);
            } catch (ClosedChannelException closed) {
                if (segments.containsKey(segment.sequence)) {
                    throw closed; // interrupted, or the log closed: not a segment compaction removed
                }
                // compacted away: its live records were moved to a later segment before this scan took the locks
            }
        }
    }

    private static void scanLive(Segment segment, java.util.Map<Integer, Namespace> byId, LiveRecord consumer)
            throws IOException {
        long size = segment.size.get();
        ByteBuffer buffer = ByteBuffer.allocate(8 << 20);
        long bufferStart = 0;
        buffer.limit(0);
        long position = 0;
        while (position < size) {
            int at = (int) (position - bufferStart);
            if (buffer.limit() - at < 8 || buffer.limit() - at < buffer.getInt(at) + 8L) {
                bufferStart = position;
                at = 0;
                ByteBuffer probe = ByteBuffer.allocate(4);
                segment.channel.read(probe, position);
                long wantedBytes = probe.getInt(0) + 8L;
                if (wantedBytes > buffer.capacity()) {
                    buffer = ByteBuffer.allocate((int) wantedBytes);
                }
                buffer.clear();
                while (buffer.hasRemaining()
                        && bufferStart + buffer.position() < size
                        && segment.channel.read(buffer, bufferStart + buffer.position()) > 0) {
                    // fill
                }
                buffer.flip();
            }
            int length = buffer.getInt(at) + 8;
            Namespace namespace = byId.get(buffer.getInt(at + 9));
            if (namespace != null && buffer.get(at + 8) == PUT) {
                long recordId = buffer.getLong(at + 13);
                if (namespace.records.location(recordId) == Location.of(segment.slot, position, length)) {
                    consumer.accept(namespace, recordId, buffer.array(), at + HEADER, length - HEADER);
                }
            }
            position += length;
        }
    }

    // ---- replay ----

    private void replay() throws IOException {
        readNamespaces();
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.getFileName().toString().startsWith(SEGMENT_PREFIX)
                            && p.getFileName().toString().endsWith(SEGMENT_SUFFIX))
                    .sorted()
                    .toList();
        }
        long records = 0;
        long started = System.nanoTime();
        for (int i = 0; i < files.size(); i++) {
            String name = files.get(i).getFileName().toString();
            long sequence =
                    Long.parseLong(name.substring(SEGMENT_PREFIX.length(), name.length() - SEGMENT_SUFFIX.length()));
            Segment segment = openSegment(sequence, false);
            records += replay(segment, i == files.size() - 1);
        }
        if (segments.isEmpty()) {
            active = openSegment(1, true);
            forceDirectory();
        } else {
            active = segments.lastEntry().getValue();
        }
        long total = segments.values().stream().mapToLong(s -> s.size.get()).sum();
        appended = total;
        durable = total;
        log.info(
                "wire store: {} records in {} segments ({} MB, {} MB live) replayed in {} ms",
                records,
                segments.size(),
                total >> 20,
                liveBytes() >> 20,
                (System.nanoTime() - started) / 1_000_000);
    }

    private long replay(Segment segment, boolean last) throws IOException {
        FileChannel channel = segment.channel;
        long size = channel.size();
        ByteBuffer buffer = ByteBuffer.allocate(8 << 20);
        buffer.limit(0);
        long bufferStart = 0;
        long position = 0;
        long count = 0;
        CRC32C crc = new CRC32C();
        while (position < size) {
            int at = (int) (position - bufferStart);
            int available = buffer.limit() - at;
            if (available < 8 || available < buffer.getInt(at) + 8L) {
                bufferStart = position;
                at = 0;
                ByteBuffer probe = ByteBuffer.allocate(4);
                channel.read(probe, position);
                long wanted = probe.position() == 4 ? probe.getInt(0) + 8L : 8;
                if (wanted > buffer.capacity() && wanted <= Location.MAX_RECORD_BYTES) {
                    buffer = ByteBuffer.allocate((int) wanted);
                }
                buffer.clear();
                while (buffer.hasRemaining() && channel.read(buffer, bufferStart + buffer.position()) > 0) {
                    // fill
                }
                buffer.flip();
            }
            int length = validRecord(buffer, at, size - position, crc);
            if (length < 0) {
                if (!last) {
                    throw new IOException("segment " + segment.path.getFileName() + " is corrupt at offset " + position
                            + "; it is not the last one, so this is not a torn write: restore the data directory");
                }
                log.warn(
                        "wire store: cutting a torn write off the end of {} at offset {} ({} bytes)",
                        segment.path.getFileName(),
                        position,
                        size - position);
                channel.truncate(position);
                channel.force(true);
                break;
            }
            byte op = buffer.get(at + 8);
            int namespaceId = buffer.getInt(at + 9);
            long recordId = buffer.getLong(at + 13);
            Namespace namespace = namespacesById.get(namespaceId);
            if (namespace != null) {
                if (op == PUT) {
                    release(namespace.records.set(recordId, Location.of(segment.slot, position, length)));
                    segment.live.addAndGet(length);
                } else {
                    release(namespace.records.clear(recordId));
                    namespace.records.reserve(recordId);
                }
            }
            position += length;
            count++;
        }
        segment.size.set(position);
        return count;
    }

    /** The record's length if a whole, intact record starts at {@code at}, else -1. */
    private static int validRecord(ByteBuffer buffer, int at, long leftInFile, CRC32C crc) {
        if (buffer.limit() - at < 8) {
            return -1;
        }
        int length = buffer.getInt(at) + 8;
        if (length < HEADER
                || length > Location.MAX_RECORD_BYTES
                || length > leftInFile
                || buffer.limit() - at < length) {
            return -1;
        }
        crc.reset();
        crc.update(buffer.array(), at + 8, length - 8);
        if ((int) crc.getValue() != buffer.getInt(at + 4)) {
            return -1;
        }
        byte op = buffer.get(at + 8);
        return op == PUT || op == DELETE ? length : -1;
    }

    // ---- compaction ----

    public long liveBytes() {
        return segments.values().stream().mapToLong(s -> s.live.get()).sum();
    }

    public long totalBytes() {
        return segments.values().stream().mapToLong(s -> s.size.get()).sum();
    }

    public int segmentCount() {
        return segments.size();
    }

    private void backgroundCompact() {
        try {
            if (!closed && failure == null) {
                compact(false);
            }
        } catch (RuntimeException e) {
            log.error("compaction failed: {}", e.toString());
        }
    }

    /**
     * Compacts the longest prefix of closed segments that is mostly dead (or every closed segment, if {@code all});
     * returns how many segments it removed.
     */
    public int compact(boolean all) {
        List<Segment> closedSegments;
        appendLock.lock();
        try {
            if (all && active.size.get() > 0) {
                roll();
            }
            closedSegments = segments.values().stream().filter(s -> s != active).toList();
        } finally {
            appendLock.unlock();
        }
        int take = 0;
        long size = 0;
        long live = 0;
        for (int i = 0; i < closedSegments.size(); i++) {
            size += closedSegments.get(i).size.get();
            live += closedSegments.get(i).live.get();
            if (all || (size - live >= settings.compactMinBytes() && live < size * settings.compactBelowLiveRatio())) {
                take = i + 1;
            }
        }
        if (take == 0) {
            return 0;
        }
        List<Segment> doomed = closedSegments.subList(0, take);
        java.util.Set<Integer> doomedSlots = new java.util.HashSet<>();
        doomed.forEach(s -> doomedSlots.add(s.slot));
        long started = System.nanoTime();
        long moved = 0;
        for (Namespace namespace : namespaces()) {
            moved += move(namespace, doomedSlots);
        }
        sync();
        for (Segment segment : doomed) {
            segments.remove(segment.sequence);
            slots.compareAndSet(segment.slot, segment, null);
            try {
                segment.channel.close();
                Files.deleteIfExists(segment.path);
            } catch (IOException e) {
                log.warn("could not delete compacted segment {}: {}", segment.path, e.toString());
            }
        }
        try {
            forceDirectory();
        } catch (IOException e) {
            throw fail(e);
        }
        log.info(
                "wire store: compacted {} segments ({} MB, {} MB live): {} records moved in {} ms",
                take,
                size >> 20,
                live >> 20,
                moved,
                (System.nanoTime() - started) / 1_000_000);
        return take;
    }

    /** Appends the live records of a namespace that sit in the doomed segments again, a page at a time. */
    private long move(Namespace namespace, java.util.Set<Integer> doomedSlots) {
        long moved = 0;
        long end = namespace.records.nextId();
        for (long from = 0; from < end; from += 4096) {
            namespace.writeLock.lock();
            try {
                if (namespace.dropped) {
                    return moved;
                }
                List<Write> copies = new ArrayList<>();
                for (long id = from; id < Math.min(end, from + 4096); id++) {
                    long location = namespace.records.location(id);
                    if (location != RecordTable.ABSENT && doomedSlots.contains(Location.slot(location))) {
                        byte[] payload = readAt(namespace, id, location);
                        if (payload == null) {
                            throw new IllegalStateException("record " + namespace.name + "/" + id + " vanished");
                        }
                        copies.add(new Write(namespace, id, PUT, payload));
                    }
                }
                append(copies);
                moved += copies.size();
            } finally {
                namespace.writeLock.unlock();
            }
        }
        return moved;
    }

    // ---- failure and shutdown ----

    private UncheckedIOException fail(IOException e) {
        failure = e;
        log.error("wire store: the log could not be written ({}); refusing writes until restarted", e.toString());
        return new UncheckedIOException("the store's log could not be written", e);
    }

    private void checkHealthy() {
        IOException failed = failure;
        if (failed != null) {
            throw new UncheckedIOException("the store's log failed earlier; restart the store", failed);
        }
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
    }

    private void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for reading; their directory entries are then the OS's job.
            log.debug("could not force directory {}: {}", directory, e.toString());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        background.shutdownNow();
        try {
            sync();
        } finally {
            closed = true;
            for (Segment segment : segments.values()) {
                try {
                    segment.channel.close();
                } catch (IOException e) {
                    log.warn("closing {}: {}", segment.path, e.toString());
                }
            }
        }
    }
}
