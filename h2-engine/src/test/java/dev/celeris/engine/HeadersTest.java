package dev.celeris.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ordered multi-valued list, from empty (no storage yet) through growth, removal and copies. */
class HeadersTest {

    @Test
    void emptyHeadersAnswerEveryQueryAndGrowOnFirstAdd() {
        Headers h = new Headers();
        assertThat(h.size()).isZero();
        assertThat(h.get("a")).isNull();
        assertThat(h.getAll("a")).isEmpty();
        assertThat(h.names()).isEmpty();
        assertThat(h.remove("a")).isFalse();
        assertThat(h.copy().size()).isZero();
        assertThat(h.clear().toString()).isEqualTo("Headers[]");

        for (int i = 0; i < 20; i++) h.add("Name-" + i, "v" + i); // past every growth step
        assertThat(h.size()).isEqualTo(20);
        for (int i = 0; i < 20; i++) {
            assertThat(h.name(i)).isEqualTo("name-" + i);
            assertThat(h.value(i)).isEqualTo("v" + i);
            assertThat(h.get("NAME-" + i)).isEqualTo("v" + i);
        }
        assertThatThrownBy(() -> h.name(20)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void multipleValuesKeepTheirOrderThroughRemoveAndSet() {
        Headers h = new Headers(1).add("a", "1").add("b", "2").add("a", "3").add("c", "4").add("a", "5");
        assertThat(h.getAll("a")).containsExactly("1", "3", "5");
        assertThat(h.names()).containsExactly("a", "b", "c");
        assertThat(h.remove("a")).isTrue();
        assertThat(h.toString()).isEqualTo("Headers[b: 2, c: 4]");
        h.set("b", "x");
        List<String> seen = new ArrayList<>();
        h.forEach((n, v) -> seen.add(n + "=" + v));
        assertThat(seen).containsExactly("c=4", "b=x");
        Headers copy = h.copy();
        copy.add("d", "5");
        assertThat(h.size()).isEqualTo(2);
        assertThat(copy.toString()).isEqualTo("Headers[c: 4, b: x, d: 5]");
        h.clear();
        assertThat(h.get("c")).isNull();
        h.add("e", "6");
        assertThat(h.toString()).isEqualTo("Headers[e: 6]");
    }

    @Test
    void readOnlyAndEmptyRejectChanges() {
        assertThatThrownBy(() -> Headers.empty().add("a", "1")).isInstanceOf(UnsupportedOperationException.class);
        Headers h = Headers.of("a", "1").readOnly();
        assertThatThrownBy(() -> h.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new Headers().add("a", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Headers.of("a")).isInstanceOf(IllegalArgumentException.class);
    }
}
