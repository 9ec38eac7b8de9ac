package org.bridgekeeper.invoke;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Idle keep-alive connections of {@link Http1}, by route: a connection is handed out again only
 * for the route it was opened for (same scheme, address, port, TLS peer name and Host), so one
 * name's connection never carries another name's request. Bounded per route and in all; a
 * connection idle longer than {@link #idle} is closed when next seen (on a take or a give back:
 * no thread of its own). The most recently used connection of a route is taken first, so that
 * the ones beyond the load's need age out.
 */
final class Http1Pool implements AutoCloseable {

    private final int perRoute;
    private final int total;
    private final long idle;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Http1.Route, ArrayDeque<Http1Connection>> idleByRoute = new HashMap<>();
    /** Every idle connection, oldest given back first. */
    private final LinkedHashSet<Http1Connection> all = new LinkedHashSet<>();
    private boolean closed;

    /**
     * @param idleNanos how long a connection may wait unused before it is closed (endpoints close
     *                  theirs after a while too, often without telling)
     */
    Http1Pool(int perRoute, int total, long idleNanos) {
        this.perRoute = perRoute;
        this.total = total;
        this.idle = idleNanos;
    }

    /** An idle connection for {@code route}, or null. */
    Http1Connection take(Http1.Route route) {
        List<Http1Connection> expired = new ArrayList<>();
        Http1Connection taken = null;
        lock.lock();
        try {
            expire(System.nanoTime(), expired);
            ArrayDeque<Http1Connection> connections = idleByRoute.get(route);
            if (connections != null) {
                taken = connections.pollFirst();
                if (connections.isEmpty()) {
                    idleByRoute.remove(route);
                }
                if (taken != null) {
                    all.remove(taken);
                }
            }
        } finally {
            lock.unlock();
        }
        expired.forEach(Http1Connection::close);
        return taken;
    }

    /** Gives back a connection that can carry another call; closed when the pool is full or closed. */
    void give(Http1Connection connection) {
        List<Http1Connection> out = new ArrayList<>();
        lock.lock();
        try {
            long now = System.nanoTime();
            expire(now, out);
            if (closed) {
                out.add(connection);
            } else {
                connection.idleSince = now;
                ArrayDeque<Http1Connection> connections = idleByRoute.computeIfAbsent(connection.route, r -> new ArrayDeque<>());
                connections.addFirst(connection);
                all.add(connection);
                if (connections.size() > perRoute) {
                    Http1Connection oldest = connections.pollLast();
                    all.remove(oldest);
                    out.add(oldest);
                }
                if (all.size() > total) {
                    Http1Connection oldest = all.iterator().next();
                    remove(oldest);
                    out.add(oldest);
                }
            }
        } finally {
            lock.unlock();
        }
        out.forEach(Http1Connection::close);
    }

    /** How many connections are idle (for tests). */
    int idle() {
        lock.lock();
        try {
            return all.size();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: moves the connections idle too long to {@code out}, to be closed outside it. */
    private void expire(long now, List<Http1Connection> out) {
        for (Iterator<Http1Connection> oldest = all.iterator(); oldest.hasNext(); ) {
            Http1Connection c = oldest.next();
            if (now - c.idleSince < idle) {
                return;
            }
            oldest.remove();
            ArrayDeque<Http1Connection> connections = idleByRoute.get(c.route);
            connections.remove(c);
            if (connections.isEmpty()) {
                idleByRoute.remove(c.route);
            }
            out.add(c);
        }
    }

    private void remove(Http1Connection c) {
        all.remove(c);
        ArrayDeque<Http1Connection> connections = idleByRoute.get(c.route);
        if (connections != null) {
            connections.remove(c);
            if (connections.isEmpty()) {
                idleByRoute.remove(c.route);
            }
        }
    }

    /** Closes every idle connection; connections given back later are closed at once. */
    @Override
    public void close() {
        List<Http1Connection> out;
        lock.lock();
        try {
            closed = true;
            out = new ArrayList<>(all);
            all.clear();
            idleByRoute.clear();
        } finally {
            lock.unlock();
        }
        out.forEach(Http1Connection::close);
    }
}
