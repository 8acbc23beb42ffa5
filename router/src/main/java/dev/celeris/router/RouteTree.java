package dev.celeris.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A radix tree of path patterns for one HTTP method, modelled on Gin's {@code tree.go}.
 *
 * <p>A node holds a static prefix and up to three kinds of children, tried in this priority
 * order during lookup, with backtracking when a branch fails further down:
 * <ol>
 *   <li>static children, indexed by their first character (at most one per character), kept
 *       sorted by how many routes they hold so the busiest branch is tested first;</li>
 *   <li>one parameter child {@code :name}, matching one non-empty segment up to the next
 *       {@code /};</li>
 *   <li>one catch-all child {@code *name}, matching the rest of the path (possibly empty);
 *       it must end the pattern and follow a {@code /}.</li>
 * </ol>
 *
 * <p>Invariants (checked by the tests' invariant checker): every static child has a non-empty
 * prefix whose first character is its index; indices are distinct; children are sorted by
 * descending {@code priority}; a node's priority is the number of values in its subtree; a
 * node without children has a value; a catch-all node has no children.
 *
 * <p>Parameter names belong to routes, not to nodes: {@code /users/:id} and
 * {@code /users/:userId/posts/:postId} share the parameter node and each route names its own
 * values. Conflicts are rejected at insertion with a message naming both patterns: two patterns
 * that match exactly the same requests (the same pattern twice, or one differing only in its
 * parameter names).
 * Lookup allocates nothing: it compares the path in place and records parameters as offsets
 * in {@link Params}. Not thread-safe for insertion; lookups are safe once insertion stopped.
 *
 * @param <T> the value stored for each pattern (a {@link Route} in the router)
 */
final class RouteTree<T> {

    static final byte STATIC = 0;
    static final byte PARAM = 1;
    static final byte CATCH_ALL = 2;

    static final class Node<T> {
        final byte kind;
        String prefix;           // static text (STATIC only; "" for the root and wildcard nodes)
        char[] indices = new char[0];
        @SuppressWarnings("unchecked")
        Node<T>[] children = new Node[0];
        Node<T> param;
        Node<T> catchAll;
        T value;
        String pattern;          // the pattern whose value this is
        String[] paramNames;     // that pattern's wildcard names, in order
        int priority;

        Node(byte kind, String prefix) {
            this.kind = kind;
            this.prefix = prefix;
        }
    }

    private final Node<T> root = new Node<>(STATIC, "");
    private int size;

    Node<T> root() {
        return root;
    }

    int size() {
        return size;
    }

    /**
     * Adds {@code pattern}. {@code label} prefixes conflict messages (e.g. {@code "GET"}).
     *
     * @throws IllegalArgumentException for a malformed pattern or a conflict, naming both routes
     */
    void insert(String label, String pattern, T value) {
        List<Segment> segments = parse(label, pattern);
        List<Node<T>> path = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Node<T> n = root;
        path.add(n);
        for (Segment seg : segments) {
            switch (seg.kind) {
                case STATIC -> n = insertStatic(n, seg.text, path);
                case PARAM -> {
                    if (n.param == null) n.param = new Node<>(PARAM, "");
                    n = n.param;
                    names.add(seg.text);
                    path.add(n);
                }
                default -> {
                    if (n.catchAll == null) n.catchAll = new Node<>(CATCH_ALL, "");
                    n = n.catchAll;
                    names.add(seg.text);
                    path.add(n);
                }
            }
        }
        if (n.value != null) {
            throw conflict(label, pattern, n.pattern, n.pattern.equals(pattern)
                    ? "the same path is already registered"
                    : "both match the same requests (only the parameter names differ)");
        }
        n.value = value;
        n.pattern = pattern;
        n.paramNames = names.toArray(new String[0]);
        size++;
        for (Node<T> p : path) p.priority++;
        for (Node<T> p : path) sortChildren(p);
    }

    private static <T> Node<T> insertStatic(Node<T> n, String text, List<Node<T>> path) {
        String rest = text;
        while (true) {
            // n's own prefix is matched first (the root and wildcard nodes have an empty one)
            String p = n.prefix;
            int common = commonPrefix(p, rest);
            if (common < p.length()) split(n, common);
            rest = rest.substring(common);
            if (rest.isEmpty()) return n;
            Node<T> child = childFor(n, rest.charAt(0));
            if (child == null) {
                child = new Node<>(STATIC, rest);
                addChild(n, child);
                path.add(child);
                return child;
            }
            n = child;
            path.add(n);
        }
    }

    /** Splits static node {@code n} at {@code at}: the tail becomes its only child. */
    private static <T> void split(Node<T> n, int at) {
        Node<T> tail = new Node<>(STATIC, n.prefix.substring(at));
        tail.indices = n.indices;
        tail.children = n.children;
        tail.param = n.param;
        tail.catchAll = n.catchAll;
        tail.value = n.value;
        tail.pattern = n.pattern;
        tail.paramNames = n.paramNames;
        tail.priority = n.priority;
        n.prefix = n.prefix.substring(0, at);
        n.indices = new char[] {tail.prefix.charAt(0)};
        @SuppressWarnings("unchecked")
        Node<T>[] only = new Node[] {tail};
        n.children = only;
        n.param = null;
        n.catchAll = null;
        n.value = null;
        n.pattern = null;
        n.paramNames = null;
    }

    private static <T> Node<T> childFor(Node<T> n, char c) {
        char[] idx = n.indices;
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] == c) return n.children[i];
        }
        return null;
    }

    private static <T> void addChild(Node<T> n, Node<T> child) {
        int len = n.indices.length;
        n.indices = Arrays.copyOf(n.indices, len + 1);
        n.children = Arrays.copyOf(n.children, len + 1);
        n.indices[len] = child.prefix.charAt(0);
        n.children[len] = child;
    }

    /** Keeps children sorted by descending priority (stable insertion sort; lists are short). */
    private static <T> void sortChildren(Node<T> n) {
        Node<T>[] c = n.children;
        for (int i = 1; i < c.length; i++) {
            Node<T> x = c[i];
            int j = i - 1;
            while (j >= 0 && c[j].priority < x.priority) {
                c[j + 1] = c[j];
                j--;
            }
            c[j + 1] = x;
        }
        for (int i = 0; i < c.length; i++) n.indices[i] = c[i].prefix.charAt(0);
    }

    private static int commonPrefix(String a, String b) {
        int max = Math.min(a.length(), b.length());
        int i = 0;
        while (i < max && a.charAt(i) == b.charAt(i)) i++;
        return i;
    }

    /** Finds the value for {@code path}, recording parameters in {@code params}; null if none. */
    T find(String path, Params params) {
        Node<T> leaf = find(root, path, 0, params);
        if (leaf == null) return null;
        params.names(leaf.paramNames);
        return leaf.value;
    }

    /**
     * The value of a pattern without wildcards that is exactly {@code path}, else null. Where it
     * finds one, {@link #find} finds the same (static children are tried first at every node)
     * with no parameters, so a caller can try this first and need no {@link Params} for such a path.
     */
    T findStatic(String path) {
        Node<T> n = root;
        int pos = 0;
        int len = path.length();
        while (pos < len) {
            char c = path.charAt(pos);
            char[] idx = n.indices;
            Node<T> next = null;
            for (int i = 0; i < idx.length; i++) {
                if (idx[i] == c) {
                    Node<T> child = n.children[i];
                    if (path.startsWith(child.prefix, pos)) next = child;
                    break;
                }
            }
            if (next == null) return null;
            pos += next.prefix.length();
            n = next;
        }
        return n.value;
    }

    /** The node holding the value for {@code path[pos..]} below {@code n}; params hold offsets only. */
    private Node<T> find(Node<T> n, String path, int pos, Params params) {
        int len = path.length();
        if (pos == len) {
            if (n.value != null) return n;
            if (n.catchAll != null) {
                params.push(path, pos, pos);
                return n.catchAll;
            }
            return null;
        }
        char c = path.charAt(pos);
        char[] idx = n.indices;
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] == c) {
                Node<T> child = n.children[i];
                String prefix = child.prefix;
                if (path.startsWith(prefix, pos)) {
                    Node<T> found = find(child, path, pos + prefix.length(), params);
                    if (found != null) return found;
                }
                break;
            }
        }
        Node<T> param = n.param;
        if (param != null) {
            int end = path.indexOf('/', pos);
            if (end < 0) end = len;
            if (end > pos) {
                int mark = params.mark();
                params.push(path, pos, end);
                Node<T> found = find(param, path, end, params);
                if (found != null) return found;
                params.reset(mark);
            }
        }
        Node<T> all = n.catchAll;
        if (all != null) {
            params.push(path, pos, len);
            return all;
        }
        return null;
    }

    /** Visits every (pattern, value) in the tree. */
    void forEach(BiConsumer<String, T> action) {
        forEach(root, action);
    }

    private static <T> void forEach(Node<T> n, BiConsumer<String, T> action) {
        if (n.value != null) action.accept(n.pattern, n.value);
        for (Node<T> c : n.children) forEach(c, action);
        if (n.param != null) forEach(n.param, action);
        if (n.catchAll != null) forEach(n.catchAll, action);
    }

    // --- pattern parsing ---------------------------------------------------------------------

    record Segment(byte kind, String text) {
    }

    static List<Segment> parse(String label, String pattern) {
        if (pattern == null || pattern.isEmpty() || pattern.charAt(0) != '/') {
            throw new IllegalArgumentException(label + " " + pattern + ": a route path must begin with '/'");
        }
        List<Segment> out = new ArrayList<>();
        int i = 0;
        int staticStart = 0;
        int len = pattern.length();
        while (i < len) {
            char c = pattern.charAt(i);
            if (c != ':' && c != '*') {
                i++;
                continue;
            }
            if (i > staticStart) out.add(new Segment(STATIC, pattern.substring(staticStart, i)));
            int end = pattern.indexOf('/', i);
            if (end < 0) end = len;
            String name = pattern.substring(i + 1, end);
            if (name.isEmpty()) {
                throw new IllegalArgumentException(label + " " + pattern + ": wildcard '" + c + "' needs a name");
            }
            if (name.indexOf(':') >= 0 || name.indexOf('*') >= 0) {
                throw new IllegalArgumentException(label + " " + pattern
                        + ": only one wildcard per path segment is allowed ('" + c + name + "')");
            }
            if (c == '*') {
                if (end != len) {
                    throw new IllegalArgumentException(label + " " + pattern
                            + ": a catch-all '*" + name + "' must be the last segment");
                }
                if (pattern.charAt(i - 1) != '/') {
                    throw new IllegalArgumentException(label + " " + pattern
                            + ": a catch-all '*" + name + "' must follow a '/'");
                }
                out.add(new Segment(CATCH_ALL, name));
            } else {
                out.add(new Segment(PARAM, name));
            }
            i = end;
            staticStart = end;
        }
        if (staticStart < len) out.add(new Segment(STATIC, pattern.substring(staticStart)));
        return out;
    }

    private static IllegalArgumentException conflict(String label, String pattern, String existing, String why) {
        return new IllegalArgumentException("Route " + label + " " + pattern + " conflicts with existing route "
                + label + " " + existing + ": " + why);
    }
}
