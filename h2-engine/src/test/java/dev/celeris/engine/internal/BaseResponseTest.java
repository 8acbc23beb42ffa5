package dev.celeris.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.engine.Headers;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The status rules HTTP/1.1 and HTTP/2 responses share. */
class BaseResponseTest {

    private static final class Response extends BaseResponse {
        @Override public void sendInterim(int status, Headers headers) { checkInterim(status); }
        @Override public void send(ByteBuffer body) { committed = true; }
        @Override public void end() { committed = true; }
        @Override public OutputStream body() { return OutputStream.nullOutputStream(); }
        @Override public boolean isDone() { return committed; }
    }

    @Test
    void finalStatusIsTwoHundredToFiveNinetyNineOnEveryProtocol() {
        Response r = new Response();
        assertThat(r.status(599).status()).isEqualTo(599);
        assertThatThrownBy(() -> r.status(600)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.status(199)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void interimStatusIsOneXxButNotOneOhOne() {
        Response r = new Response();
        r.sendInterim(103, Headers.empty());
        assertThatThrownBy(() -> r.sendInterim(101, Headers.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.sendInterim(200, Headers.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nothingChangesOnceCommitted() {
        Response r = new Response();
        r.end();
        assertThatThrownBy(() -> r.status(404)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> r.sendInterim(103, Headers.empty())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void hasTrailersAnswersWithoutCreatingTheTrailerMap() {
        Response r = new Response();
        assertThat(r.hasTrailers()).isFalse();
        r.trailers();
        assertThat(r.hasTrailers()).isFalse();
        r.trailers().add("x-checksum", "abc");
        assertThat(r.hasTrailers()).isTrue();
        r.trailers().clear();
        assertThat(r.hasTrailers()).isFalse();
    }

    @Test
    void fieldNamesAreTokensExactlyAsRfc9110DefinesThem() {
        for (char c = 0; c < 0x200; c++) {
            boolean tchar = c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
            assertThat(BaseResponse.isTokenChar(c)).as("char %d", (int) c).isEqualTo(tchar);
            Headers fields = new Headers().add("x" + c, "v");
            if (tchar) {
                BaseResponse.checkFields(fields);
            } else {
                assertThatThrownBy(() -> BaseResponse.checkFields(fields)).isInstanceOf(IllegalArgumentException.class);
            }
        }
        assertThat(BaseResponse.isTokenChar('\uffff')).isFalse();
    }
}
