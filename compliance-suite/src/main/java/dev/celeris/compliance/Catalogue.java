package dev.celeris.compliance;

import dev.celeris.compliance.cases.Http2Cases;
import dev.celeris.compliance.cases.GenericCases;
import dev.celeris.compliance.cases.HpackCases;
import dev.celeris.compliance.cases.LimitCases;
import dev.celeris.compliance.cases.StrictCases;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Every case of the suite, in a stable order: generic, http2, hpack, strict, limits. */
public final class Catalogue {

    /** The groups every run includes; {@code strict} and {@code limits} are opt-in. */
    public static final Set<String> DEFAULT_GROUPS = Set.of("generic", "http2", "hpack");

    private Catalogue() {
    }

    public static List<ComplianceCase> all() {
        List<ComplianceCase> all = new ArrayList<>();
        all.addAll(GenericCases.cases());
        all.addAll(Http2Cases.cases());
        all.addAll(HpackCases.cases());
        all.addAll(StrictCases.cases());
        all.addAll(LimitCases.cases());
        return List.copyOf(all);
    }

    /**
     * The cases a run selects: the default groups, plus {@code strict} and {@code limits} when
     * asked, filtered by {@code section} (see {@link ComplianceCase#matches}). Naming a group in
     * {@code section} selects it even when it is opt-in.
     */
    public static List<ComplianceCase> select(String section, boolean strict, boolean limits) {
        return all().stream()
                .filter(c -> DEFAULT_GROUPS.contains(c.group()) || (strict && c.group().equals("strict"))
                        || (limits && c.group().equals("limits")) || c.group().equals(section))
                .filter(c -> c.matches(section))
                .toList();
    }
}
