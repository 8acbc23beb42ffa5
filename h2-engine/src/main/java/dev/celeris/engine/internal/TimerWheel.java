package dev.celeris.engine.internal;

import dev.celeris.spi.Connection;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One hashed timer wheel for every connection of the process, ticked by one daemon thread
 * ({@code celeris-timer}). Its entries are intrusive: an {@link Entry} is the timer, so a
 * connection that extends it (the HTTP/2 idle timer) pays a deadline and two links instead of a
 * scheduled task, its adapter and two lambdas per timeout; scheduling and cancelling allocate
 * nothing. A due entry is handed to its connection's I/O thread ({@link Connection#execute}),
 * never run while the connection is closed, and runs at its deadline or up to one tick later,
 * never before.
 *
 * <p>Invariant: an entry is in the wheel exactly while it is scheduled and not yet due;
 * cancelling unlinks it at once, so a closed connection that cancelled its timers leaves nothing
 * in the wheel ({@link #size()}, {@link #holds}).
 */
public final class TimerWheel {

    /** An entry of the wheel: a deadline and the links of its slot's ring. */
    public abstract static class Entry implements Runnable {
        private long deadline;
        private Entry next;
        private Entry prev;

        /** The connection whose I/O thread runs {@link #run()}; null runs it on the timer thread. */
        protected abstract Connection timerConnection();
    }

    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int SLOTS = 512; // a power of two: 5.12 s per turn

    /** The wheel of the process. */
    static final TimerWheel SHARED = new TimerWheel(TICK_NANOS, SLOTS, "celeris-timer");

    private final long tick;
    private final int mask;
    private final Entry[] slots;
    private final long origin = System.nanoTime();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** The last tick whose slot was swept. */
    private long swept;
    /** The tick the timer thread sleeps until (Long.MAX_VALUE: until an entry is added). */
    private long wakeTick = Long.MAX_VALUE;
    private int size;

    TimerWheel(long tickNanos, int slotCount, String threadName) {
        if (Integer.bitCount(slotCount) != 1) throw new IllegalArgumentException("slots: a power of two");
        this.tick = tickNanos;
        this.mask = slotCount - 1;
        this.slots = new Entry[slotCount];
        for (int i = 0; i < slotCount; i++) {
            Entry head = new Head();
            head.next = head;
            head.prev = head;
            slots[i] = head;
        }
        Thread t = new Thread(this::loop, threadName);
        t.setDaemon(true);
        t.start();
    }

    /** (Re)schedules {@code entry} to run after {@code delayNanos}; an entry already scheduled is moved. */
    public void schedule(Entry entry, long delayNanos) {
        long deadline = System.nanoTime() + Math.max(0, delayNanos);
        lock.lock();
        try {
            if (entry.next != null) unlink(entry);
            entry.deadline = deadline;
            long t = tickOf(deadline);
            if (t <= swept) t = swept + 1; // due at the next sweep
            Entry head = slots[(int) (t & mask)];
            entry.prev = head.prev;
            entry.next = head;
            head.prev.next = entry;
            head.prev = entry;
            size++;
            if (t < wakeTick) changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Takes {@code entry} out of the wheel; returns whether it was scheduled (not yet due). */
    public boolean cancel(Entry entry) {
        lock.lock();
        try {
            if (entry.next == null) return false;
            unlink(entry);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code entry} waits in the wheel. */
    public boolean isScheduled(Entry entry) {
        lock.lock();
        try {
            return entry.next != null;
        } finally {
            lock.unlock();
        }
    }

    /** The number of entries waiting. */
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** How many waiting entries belong to {@code connection} (walks the wheel: for tests and checks). */
    public int holds(Connection connection) {
        lock.lock();
        try {
            int n = 0;
            for (Entry head : slots) {
                for (Entry e = head.next; e != head; e = e.next) {
                    if (e.timerConnection() == connection) n++;
                }
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    private void unlink(Entry e) {
        e.prev.next = e.next;
        e.next.prev = e.prev;
        e.next = null;
        e.prev = null;
        size--;
    }

    private long tickOf(long nanos) {
        long d = nanos - origin;
        return d <= 0 ? 0 : (d + tick - 1) / tick; // rounded up: an entry never runs before its deadline
    }

    private void loop() {
        ArrayList<Entry> due = new ArrayList<>();
        for (;;) {
            lock.lock();
            try {
                long now = System.nanoTime();
                long nowTick = (now - origin) / tick;
                sweep(nowTick, now, due);
                if (due.isEmpty()) { // due entries are handed over first, outside the lock
                    wakeTick = nextBusyTick();
                    if (wakeTick == Long.MAX_VALUE) {
                        changed.awaitUninterruptibly();
                    } else {
                        long wait = origin + wakeTick * tick - System.nanoTime();
                        if (wait > 0) changed.awaitNanos(wait);
                    }
                    wakeTick = 0; // awake: schedule() need not signal until the next wait
                }
            } catch (InterruptedException e) {
                // a daemon thread: keep ticking
            } finally {
                lock.unlock();
            }
            for (int i = 0; i < due.size(); i++) {
                Entry e = due.get(i);
                try {
                    dispatch(e);
                } catch (Throwable t) {
                    System.getLogger("dev.celeris.engine").log(System.Logger.Level.WARNING, "timer task failed", t);
                }
            }
            due.clear();
        }
    }

    /** Unlinks every entry due by {@code now} from the slots of the ticks up to {@code nowTick}. */
    private void sweep(long nowTick, long now, ArrayList<Entry> due) {
        if (nowTick <= swept) return;
        long from = nowTick - swept > mask ? nowTick - mask : swept + 1; // a full turn covers every slot
        for (long t = from; t <= nowTick; t++) {
            Entry head = slots[(int) (t & mask)];
            for (Entry e = head.next; e != head; ) {
                Entry next = e.next;
                if (e.deadline - now <= 0) {
                    unlink(e);
                    due.add(e);
                }
                e = next;
            }
        }
        swept = nowTick;
    }

    /** The first tick after {@link #swept} whose slot holds an entry, or Long.MAX_VALUE if none does. */
    private long nextBusyTick() {
        if (size == 0) return Long.MAX_VALUE;
        for (long t = swept + 1; t <= swept + mask + 1; t++) {
            Entry head = slots[(int) (t & mask)];
            if (head.next != head) return t;
        }
        return swept + mask + 1;
    }

    private static void dispatch(Entry e) {
        Connection c = e.timerConnection();
        if (c == null) {
            e.run();
        } else if (c.isOpen()) {
            c.execute(e);
        }
    }

    /** The sentinel of a slot's ring. */
    private static final class Head extends Entry {
        @Override
        protected Connection timerConnection() {
            return null;
        }

        @Override
        public void run() {
        }
    }
}
