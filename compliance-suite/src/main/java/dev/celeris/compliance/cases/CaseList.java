package dev.celeris.compliance.cases;

import dev.celeris.compliance.ComplianceCase;
import java.util.ArrayList;
import java.util.List;

/** Collects cases of one group, numbering them per section in the order they are added. */
final class CaseList {

    private final String group;
    private final List<ComplianceCase> cases = new ArrayList<>();
    private String rfc = "RFC 9113";
    private String section;
    private final java.util.Map<String, Integer> numbers = new java.util.HashMap<>();

    CaseList(String group) {
        this.group = group;
    }

    /** Starts a section of RFC 9113. */
    CaseList section(String section) {
        return section("RFC 9113", section);
    }

    CaseList section(String rfc, String section) {
        this.rfc = rfc;
        this.section = section;
        return this;
    }

    /** Adds a case: what it sends, the requirement quoted, the exchange. */
    CaseList add(String description, String requirement, ComplianceCase.Body body) {
        int number = numbers.merge(section, 1, Integer::sum);
        cases.add(new ComplianceCase(group + "/" + section + "/" + number, group, rfc, section, requirement, description, body));
        return this;
    }

    List<ComplianceCase> cases() {
        return List.copyOf(cases);
    }

    /** The cases ordered by section number (1.2 < 1.10), keeping insertion order within a section. */
    List<ComplianceCase> sorted() {
        return cases.stream().sorted(java.util.Comparator.comparing(ComplianceCase::section, CaseList::compareSections)).toList();
    }

    static int compareSections(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int d = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (d != 0) return d;
        }
        return Integer.compare(x.length, y.length);
    }
}
