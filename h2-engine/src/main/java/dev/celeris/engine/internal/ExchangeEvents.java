package dev.celeris.engine.internal;

import dev.celeris.engine.EngineObserver;
import dev.celeris.engine.HttpRequest;

/**
 * Reports an exchange's start and end to the {@link EngineObserver}, the same for HTTP/1.1 and
 * HTTP/2. With {@link EngineObserver#NONE} both are a reference comparison: no clock read, no
 * call.
 */
public final class ExchangeEvents {

    private ExchangeEvents() {
    }

    /** Before the handler runs; returns the start time to pass to {@link #completed}. */
    public static long started(EngineObserver observer, HttpRequest request) {
        if (observer == EngineObserver.NONE) return 0;
        observer.exchangeStarted(request);
        return System.nanoTime();
    }

    /** After the handler returned or threw and the response was ended. */
    public static void completed(EngineObserver observer, HttpRequest request, BaseResponse response,
                                 long startNanos, Throwable failure) {
        if (observer == EngineObserver.NONE) return;
        observer.exchangeCompleted(request, response.status(), response.bodyBytes(), System.nanoTime() - startNanos,
                failure);
    }
}
