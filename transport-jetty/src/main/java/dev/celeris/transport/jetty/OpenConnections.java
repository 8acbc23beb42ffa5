package dev.celeris.transport.jetty;

import java.util.ArrayList;
import java.util.List;

/**
 * The transport's open connections, for graceful shutdown: an intrusive list through {@link
 * JettyConnection#prevOpen} and {@link JettyConnection#nextOpen}, so an idle connection costs two
 * fields here instead of a hash-set node. Changed once per connection (open, close) and read at
 * shutdown; one lock is enough.
 */
final class OpenConnections {

    private JettyConnection first;
    private int size;

    synchronized void add(JettyConnection c) {
        c.nextOpen = first;
        if (first != null) first.prevOpen = c;
        first = c;
        size++;
    }

    /** Removes {@code c}; false if it was not in the list (a connection is removed once). */
    synchronized boolean remove(JettyConnection c) {
        if (c.prevOpen == null && first != c) return false;
        if (c.prevOpen != null) c.prevOpen.nextOpen = c.nextOpen;
        else first = c.nextOpen;
        if (c.nextOpen != null) c.nextOpen.prevOpen = c.prevOpen;
        c.prevOpen = null;
        c.nextOpen = null;
        size--;
        return true;
    }

    synchronized boolean isEmpty() {
        return size == 0;
    }

    synchronized int size() {
        return size;
    }

    /** The open connections now, to act on outside the lock. */
    synchronized List<JettyConnection> snapshot() {
        List<JettyConnection> all = new ArrayList<>(size);
        for (JettyConnection c = first; c != null; c = c.nextOpen) all.add(c);
        return all;
    }
}
