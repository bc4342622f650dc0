package dev.timeline.wirestore.index;

import dev.timeline.wirestore.log.RecordTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The record ids a plan yields, lazily, so that a sorted scan with a limit stops after the page: one index range
 * walked in order, several merged in order (a merged customer's keys, a {@code $in} on a prefix key), or every record.
 */
final class Candidates {
    private Candidates() {}

    static PrimitiveIterator.OfLong empty() {
        return new PrimitiveIterator.OfLong() {
            @Override
            public long nextLong() {
                throw new NoSuchElementException();
            }

            @Override
            public boolean hasNext() {
                return false;
            }
        };
    }

    static PrimitiveIterator.OfLong allRecords(RecordTable records) {
        long end = records.nextId();
        return new PrimitiveIterator.OfLong() {
            private long next = advance(0);

            private long advance(long from) {
                long id = from;
                while (id < end && records.location(id) == RecordTable.ABSENT) {
                    id++;
                }
                return id;
            }

            @Override
            public boolean hasNext() {
                return next < end;
            }

            @Override
            public long nextLong() {
                if (next >= end) {
                    throw new NoSuchElementException();
                }
                long id = next;
                next = advance(id + 1);
                return id;
            }
        };
    }

    static PrimitiveIterator.OfLong indexScan(QueryPlanner.Plan.IndexScan scan, QueryPlanner.Examined examined) {
        Iterator<byte[]> entries = entries(scan);
        boolean dedupe = scan.index().isMultikey();
        Set<Long> seen = dedupe ? new HashSet<>() : Set.of();
        return new PrimitiveIterator.OfLong() {
            private long next = -1;
            private boolean ready;

            @Override
            public boolean hasNext() {
                while (!ready && entries.hasNext()) {
                    examined.keys++;
                    long id = SortedIndex.recordId(entries.next());
                    if (!dedupe || seen.add(id)) {
                        next = id;
                        ready = true;
                    }
                }
                return ready;
            }

            @Override
            public long nextLong() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ready = false;
                return next;
            }
        };
    }

    /** The index entries (key, then record id) of a scan, in the plan's order; a multikey index repeats records. */
    static Iterator<byte[]> entries(QueryPlanner.Plan.IndexScan scan) {
        SortedIndex index = scan.index();
        List<Iterator<byte[]>> iterators = new ArrayList<>();
        List<Integer> prefixes = new ArrayList<>();
        for (QueryPlanner.Range range : scan.ranges()) {
            var entries = index.range(range.from(), range.to());
            iterators.add(scan.reverse() ? entries.descendingIterator() : entries.iterator());
            prefixes.add(range.prefixLength());
        }
        if (iterators.size() == 1) {
            return iterators.get(0);
        }
        return scan.ordered() ? merge(iterators, prefixes, scan.reverse()) : concat(iterators);
    }

    private static Iterator<byte[]> concat(List<Iterator<byte[]>> iterators) {
        Iterator<Iterator<byte[]>> outer = iterators.iterator();
        return new Iterator<>() {
            private Iterator<byte[]> current = outer.next();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && outer.hasNext()) {
                    current = outer.next();
                }
                return current.hasNext();
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** Merges ranges that are each in key order into one, comparing the entries after their equality prefixes. */
    private static Iterator<byte[]> merge(List<Iterator<byte[]>> iterators, List<Integer> prefixes, boolean reverse) {
        record Head(byte[] entry, int source) {}
        Comparator<Head> order = (a, b) -> Arrays.compareUnsigned(
                a.entry, prefixes.get(a.source), a.entry.length, b.entry, prefixes.get(b.source), b.entry.length);
        PriorityQueue<Head> heads = new PriorityQueue<>(reverse ? order.reversed() : order);
        for (int i = 0; i < iterators.size(); i++) {
            if (iterators.get(i).hasNext()) {
                heads.add(new Head(iterators.get(i).next(), i));
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public byte[] next() {
                Head head = heads.poll();
                if (head == null) {
                    throw new NoSuchElementException();
                }
                Iterator<byte[]> source = iterators.get(head.source);
                if (source.hasNext()) {
                    heads.add(new Head(source.next(), head.source));
                }
                return head.entry;
            }
        };
    }
}
