package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.TestPeer.*;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.Http2Config;
import dev.celeris.engine.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random interleavings of what a client does on one connection (open a stream, send body bytes,
 * reset, grant window, half-close, stop and resume reading) against the engine, with the
 * flow-control invariants checked after every step and, once everything ended, every received
 * byte credited back exactly once (issue #11).
 */
class ExchangeInterleavingPropertyTest {

    enum Kind { OPEN, DATA, END, RESET, WINDOW, STOP_READING, RESUME_READING }

    /** One client step; {@code pick} chooses a stream among the open ones, {@code size} a length. */
    record Op(Kind kind, int pick, int size) {
    }

    /** Paths: {@code /read} reads and counts, {@code /reject} answers unread, {@code /download} streams 200 KB. */
    static final HttpHandler APP = (req, res) -> {
        switch (req.path()) {
            case "/reject" -> res.status(403).send("no");
            case "/download" -> {
                try (OutputStream out = res.body()) {
                    out.write(new byte[200_000]);
                }
            }
            default -> {
                long n = 0;
                try (InputStream in = req.body()) {
                    byte[] buf = new byte[8192];
                    for (int r; (r = in.read(buf)) >= 0; ) n += r;
                } catch (IOException reset) {
                    return;
                }
                res.send(Long.toString(n));
            }
        }
    };

    static final String[] PATHS = {"/read", "/reject", "/download"};

    @Provide
    Arbitrary<Op> ops() {
        return Combinators.combine(
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.OPEN)),
                        net.jqwik.api.Tuple.of(6, Arbitraries.just(Kind.DATA)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.END)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.RESET)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.WINDOW)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.STOP_READING)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.RESUME_READING))),
                Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 300_000)).as(Op::new);
    }

    @Property(tries = 40)
    void invariantsHoldAfterEveryStep(@ForAll @Size(max = 60) List<@net.jqwik.api.From("ops") Op> ops,
                                      @ForAll boolean halfCloseAtTheEnd) {
        EngineConfig config = EngineConfig.builder().progressTimeout(Duration.ofMillis(200))
                .http2(Http2Config.builder().maxResetsPerWindow(10_000).build()).build();
        try (TestPeer peer = TestPeer.open(config, APP, Split.WHOLE)) {
            peer.handshake();
            Uploader up = new Uploader(peer, config.http2().initialStreamWindowSize());
            List<Integer> open = new ArrayList<>(); // streams whose request the client has not ended
            int next = 1;
            for (Op op : ops) {
                switch (op.kind()) {
                    case OPEN -> {
                        String path = PATHS[op.pick() % PATHS.length];
                        boolean withBody = !path.equals("/download");
                        peer.send(withBody ? peer.post(next, path) : peer.get(next, path));
                        if (withBody) open.add(next);
                        next += 2;
                    }
                    case DATA -> {
                        if (!open.isEmpty()) up.offer(open.get(op.pick() % open.size()), op.size(), false);
                    }
                    case END -> {
                        if (!open.isEmpty()) {
                            int id = open.remove(op.pick() % open.size());
                            peer.send(data(id, true, new byte[0]));
                        }
                    }
                    case RESET -> {
                        if (next > 1) peer.send(rst(1 + 2 * (op.pick() % ((next - 1) / 2)), H2Error.CANCEL));
                    }
                    case WINDOW -> peer.send(windowUpdate(0, 1 + op.size()), windowUpdate(Math.max(1, next - 2), 1 + op.size()));
                    case STOP_READING -> peer.onLoop(() -> peer.connection.writable = false);
                    case RESUME_READING -> peer.onLoop(() -> {
                        peer.connection.writable = true;
                        peer.handler.onWritable();
                    });
                }
                if (peer.connection.closed) break; // e.g. a window overflow the client caused: GOAWAY
                WindowInvariants.check(peer);
            }
            if (peer.connection.closed) return;
            // Let everything end: resume reading, reset what is still open, then quiescence.
            peer.onLoop(() -> {
                peer.connection.writable = true;
                peer.handler.onWritable();
            });
            if (halfCloseAtTheEnd) {
                peer.onLoop(() -> peer.handler.onInputClosed());
            } else {
                for (int id = 1; id < next; id += 2) peer.send(rst(id, H2Error.CANCEL));
            }
            WindowInvariants.check(peer);
            WindowInvariants.awaitQuiescent(peer);
        }
    }
}
