package dev.celeris.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.engine.ClientException;
import dev.celeris.router.middleware.Recovery;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Failures the client causes are expected outcomes: no 500, no SEVERE log (issue #11). */
class ClientFailureTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { records.add(r); }
        @Override public void flush() { }
        @Override public void close() { }
    };
    private final Logger root = Logger.getLogger("");

    @BeforeEach
    void listen() {
        root.addHandler(capture);
    }

    @AfterEach
    void stop() {
        root.removeHandler(capture);
    }

    private static FakeRequest failingBody(ClientException failure) {
        FakeRequest req = FakeRequest.of("POST", "/upload");
        req.bodyStream = new InputStream() {
            @Override public int read() throws IOException { throw failure; }
        };
        return req;
    }

    private List<LogRecord> severe() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    }

    @Test
    void aClientThatGoesAwayIsNeitherAnswered500NorLoggedSevere() {
        for (boolean recovery : new boolean[] {false, true}) {
            Router r = Router.create();
            if (recovery) r.use(Recovery.create());
            r.post("/upload", ctx -> ctx.string("got " + ctx.body().length));
            FakeResponse res = new FakeResponse();
            assertThatThrownBy(() -> r.handle(failingBody(new ClientException(0, "stream reset by peer")), res))
                    .as("handed to the engine, which ends the exchange quietly").isInstanceOf(ClientException.class);
            assertThat(res.isCommitted()).as("no 500").isFalse();
        }
        assertThat(severe()).isEmpty();
    }

    @Test
    void aBadBodyKeepsTheEnginesStatus() {
        Router r = Router.create();
        r.post("/upload", ctx -> ctx.string("got " + ctx.body().length));
        assertThatThrownBy(() -> r.handle(failingBody(new ClientException(413, "too large")), new FakeResponse()))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThat(severe()).isEmpty();
    }

    /** The Timeout middleware's worker keeps writing after the 503 went out: nothing of it reaches the response. */
    @Test
    @Timeout(10)
    void lateWritesAfterATimeoutNeverTouchTheCommittedResponse() throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        List<Throwable> workerErrors = new CopyOnWriteArrayList<>();
        Router r = Router.create();
        r.use(dev.celeris.router.middleware.Timeout.of(Duration.ofMillis(100)));
        r.get("/slow", ctx -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                // go on writing, as a careless handler does
            }
            try {
                for (int i = 0; i < 1000; i++) ctx.response().header("x-late-" + i, "1");
                ctx.string("too late");
            } catch (Throwable t) {
                workerErrors.add(t);
            } finally {
                finished.countDown();
            }
        });
        FakeResponse res = Calls.call(r, "GET", "/slow");
        assertThat(finished.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(res.status()).isEqualTo(503);
        assertThat(res.headers().get("x-late-0")).isNull();
        assertThat(workerErrors).isEmpty();
    }
}
