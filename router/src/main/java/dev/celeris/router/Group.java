package dev.celeris.router;

import java.util.ArrayList;
import java.util.List;

/**
 * Routes under a common path prefix with their own middleware; groups nest.
 *
 * <pre>{@code
 * Group api = router.group("/api/v1", BearerAuth.token("secret"));
 * api.get("/posts", Posts::list);                    // GET /api/v1/posts
 * api.group("/admin", adminOnly).delete("/posts/:id", Posts::delete);
 * }</pre>
 */
public final class Group extends Routes<Group> {

    private final Routes<?> parent;
    private final String prefix;

    Group(Routes<?> parent, String prefix) {
        if (!prefix.startsWith("/")) throw new IllegalArgumentException("a group prefix must begin with '/': " + prefix);
        this.parent = parent;
        this.prefix = prefix;
    }

    @Override
    Router router() {
        return parent.router();
    }

    @Override
    String prefix() {
        return prefix;
    }

    @Override
    List<Handler> effectiveMiddleware() {
        List<Handler> all = new ArrayList<>(parent.effectiveMiddleware());
        all.addAll(middleware);
        return all;
    }

    @Override
    public String toString() {
        return "Group[" + prefix + "]";
    }
}
