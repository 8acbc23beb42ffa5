package dev.celeris.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.engine.ClientException;
import dev.celeris.engine.EngineObserver;
import dev.celeris.engine.EngineObserver.ClientFailure;
import dev.celeris.engine.Headers;
import dev.celeris.engine.HttpRequest;
import dev.celeris.spi.Connection;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exchange lifecycle both protocols share: every legal and illegal transition, and the one release. */
class ExchangeTest {

    /** A bare exchange: counts its protocol-side releases and observer events. */
    static class TestExchange extends Exchange {
        int protocolReleases;
        BodyPipe pipe;
        final List<Throwable> finished = new ArrayList<>();

        @Override public BodyPipe requestBody() { return pipe; }

        @Override protected void onRelease() { protocolReleases++; }
        @Override protected Connection transport() { return null; }
        @Override protected EngineObserver observer() { return EngineObserver.NONE; }
        @Override protected Throwable finish(Throwable failure) { finished.add(failure); return failure; }
        @Override public void sendInterim(int status, Headers headers) { }
        @Override public void send(ByteBuffer body) { committed = true; }
        @Override public void end() { }
        @Override public OutputStream body() { return OutputStream.nullOutputStream(); }
        @Override public boolean isDone() { return committed; }
    }

    private static TestExchange inState(ExchangeState state) {
        TestExchange ex = new TestExchange();
        switch (state) {
            case OPEN -> { }
            case HANDLING -> ex.startHandler();
            case RESPONDED -> { ex.startHandler(); ex.responseSent(); }
            case RELEASED -> ex.release(null);
        }
        assertThat(ex.state()).isEqualTo(state);
        return ex;
    }

    @Test
    void legalTransitions() {
        TestExchange ex = new TestExchange();
        assertThat(ex.state()).isEqualTo(ExchangeState.OPEN);
        ex.startHandler();
        assertThat(ex.state()).isEqualTo(ExchangeState.HANDLING);
        ex.responseSent();
        assertThat(ex.state()).isEqualTo(ExchangeState.RESPONDED);
        assertThat(ex.release(null)).isTrue();
        assertThat(ex.state()).isEqualTo(ExchangeState.RELEASED);

        TestExchange direct = inState(ExchangeState.OPEN);
        direct.responseSent(); // the engine answered itself (413, 431, 400): no handler
        assertThat(direct.state()).isEqualTo(ExchangeState.RESPONDED);

        for (ExchangeState from : List.of(ExchangeState.OPEN, ExchangeState.HANDLING, ExchangeState.RESPONDED)) {
            TestExchange early = inState(from);
            assertThat(early.release(ClientFailure.RESET)).isTrue();
            assertThat(early.isReleased()).isTrue();
        }
    }

    @Test
    void illegalTransitionsThrowAndLeaveTheStateAlone() {
        for (ExchangeState from : List.of(ExchangeState.HANDLING, ExchangeState.RESPONDED, ExchangeState.RELEASED)) {
            TestExchange ex = inState(from);
            assertThatThrownBy(ex::startHandler).isInstanceOf(IllegalStateException.class).hasMessageContaining(from.name());
            assertThat(ex.state()).isEqualTo(from);
        }
        for (ExchangeState from : List.of(ExchangeState.RESPONDED, ExchangeState.RELEASED)) {
            TestExchange ex = inState(from);
            assertThatThrownBy(ex::responseSent).isInstanceOf(IllegalStateException.class).hasMessageContaining(from.name());
            assertThat(ex.state()).isEqualTo(from);
        }
    }

    @Test
    void releaseTwiceIsReleaseOnce() {
        TestExchange ex = inState(ExchangeState.HANDLING);
        BodyPipe pipe = new BodyPipe(new BodyPipe.Listener() { }, 1);
        ex.pipe = pipe;
        pipe.offer(ByteBuffer.wrap(new byte[100]));
        assertThat(pipe.buffered()).isEqualTo(100);

        assertThat(ex.release(null)).isTrue();
        assertThat(ex.release(null)).isFalse();
        assertThat(ex.release(ClientFailure.RESET)).isFalse();
        assertThat(ex.protocolReleases).isEqualTo(1);
        assertThat(pipe.buffered()).as("buffered request bytes dropped").isZero();
        assertThatThrownBy(() -> pipe.read()).isInstanceOf(ClientException.class);
    }

    @Test
    void aClientFailureIsReportedOnceWhateverTheReleases() {
        List<ClientFailure> seen = new ArrayList<>();
        EngineObserver observer = new EngineObserver() {
            @Override
            public void clientFailure(dev.celeris.engine.ConnectionInfo c, ClientFailure kind) {
                seen.add(kind);
            }
        };
        ObservedConnection observed = new ObservedConnection(null, observer);
        TestExchange ex = new TestExchange() {
            @Override protected Connection transport() { return observed; }
        };
        ex.startHandler();
        ex.release(ClientFailure.RESET);
        ex.release(ClientFailure.DISCONNECTED);
        TestExchange normal = new TestExchange() {
            @Override protected Connection transport() { return observed; }
        };
        normal.release(null);
        assertThat(seen).containsExactly(ClientFailure.RESET);
    }

    @Test
    void failWakesTheWriterWithAClientException() {
        TestExchange ex = inState(ExchangeState.HANDLING);
        ex.gate().add(10);
        ex.fail("stream reset");
        ex.fail("later reason");
        assertThatThrownBy(() -> ex.gate().await(0)).isInstanceOf(ClientException.class).hasMessageContaining("stream reset");
        assertThat(ex.state()).as("failing is not a transition").isEqualTo(ExchangeState.HANDLING);
    }

    @Test
    void theHandlerRunReportsItsFailureOnce() {
        TestExchange ex = inState(ExchangeState.HANDLING);
        RuntimeException boom = new RuntimeException("boom");
        ex.run((HttpRequest req, dev.celeris.engine.HttpResponse res) -> { throw boom; }, null);
        assertThat(ex.finished).containsExactly(boom);
    }

    @Test
    void theProgressDeadlineCountsOnlyChecksWithoutProgressWhileWaitingOnThePeer() {
        TestExchange ex = inState(ExchangeState.HANDLING);
        assertThat(ex.stalled(true, 3)).isFalse(); // first check records the baseline
        assertThat(ex.stalled(true, 3)).isFalse();
        ex.progressed();
        assertThat(ex.stalled(true, 3)).isFalse(); // moved: restart
        assertThat(ex.stalled(true, 3)).isFalse();
        assertThat(ex.stalled(false, 3)).isFalse(); // not waiting on the peer: restart
        assertThat(ex.stalled(true, 3)).isFalse();
        assertThat(ex.stalled(true, 3)).isFalse();
        assertThat(ex.stalled(true, 3)).isTrue();
    }
}
