package dev.celeris.router.archfixture;

/** Breaks the router rule on purpose (test fixture: reaching into engine internals). */
public final class RouterUsingEngineInternals {
    public Object use() {
        return dev.celeris.engine.internal.Protocol.class;
    }
}
