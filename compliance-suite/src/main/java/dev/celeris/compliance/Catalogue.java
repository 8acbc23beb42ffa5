package dev.celeris.compliance;

import dev.celeris.compliance.cases.DeflateCases;
import dev.celeris.compliance.cases.Http2Cases;
import dev.celeris.compliance.cases.GenericCases;
import dev.celeris.compliance.cases.HpackCases;
import dev.celeris.compliance.cases.LimitCases;
import dev.celeris.compliance.cases.StrictCases;
import dev.celeris.compliance.cases.WebSocketCases;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every case of the suite, in a stable order: generic, http2, hpack, strict, limits, then the
 * WebSocket groups websocket, websocket-h2, deflate, deflate-h2.
 */
public final class Catalogue {

    /** The groups every run includes; {@code strict} and {@code limits} are opt-in. */
    public static final Set<String> DEFAULT_GROUPS = Set.of("generic", "http2", "hpack");

    /**
     * The WebSocket groups (RFC 6455 over HTTP/1.1 and over HTTP/2 by RFC 8441, RFC 7692 over
     * both), opt-in: they need a WebSocket echo endpoint ({@link Target#wsPath()}).
     */
    public static final List<String> WEBSOCKET_GROUPS = List.of("websocket", "websocket-h2", "deflate", "deflate-h2");

    private Catalogue() {
    }

    public static List<ComplianceCase> all() {
        List<ComplianceCase> all = new ArrayList<>();
        all.addAll(GenericCases.cases());
        all.addAll(Http2Cases.cases());
        all.addAll(HpackCases.cases());
        all.addAll(StrictCases.cases());
        all.addAll(LimitCases.cases());
        all.addAll(WebSocketCases.cases(false));
        all.addAll(WebSocketCases.cases(true));
        all.addAll(DeflateCases.cases(false));
        all.addAll(DeflateCases.cases(true));
        return List.copyOf(all);
    }

    /**
     * The cases a run selects: the default groups, plus {@code strict} and {@code limits} when
     * asked, filtered by {@code section} (see {@link ComplianceCase#matches}). Naming a group in
     * {@code section} selects it even when it is opt-in.
     */
    public static List<ComplianceCase> select(String section, boolean strict, boolean limits) {
        return select(section, strict, limits, false);
    }

    /**
     * The same, with the WebSocket groups when {@code websocket} is set. An opt-in group also runs
     * when {@code section} names it or one of its case ids ({@code websocket/5.2/1}).
     */
    public static List<ComplianceCase> select(String section, boolean strict, boolean limits, boolean websocket) {
        return all().stream()
                .filter(c -> DEFAULT_GROUPS.contains(c.group()) || (strict && c.group().equals("strict"))
                        || (limits && c.group().equals("limits")) || (websocket && WEBSOCKET_GROUPS.contains(c.group()))
                        || c.group().equals(section) || (section != null && section.startsWith(c.group() + "/")))
                .filter(c -> c.matches(section))
                .toList();
    }
}
