package dev.celeris.compliance.cases;

import dev.celeris.compliance.ComplianceCase;
import java.util.List;

/** The "http2" group: RFC 9113's MUST-level rules, §3.4 to §8.4. */
public final class Http2Cases {

    private Http2Cases() {
    }

    public static List<ComplianceCase> cases() {
        CaseList c = new CaseList("http2");
        StreamCases.add(c);
        FrameCases.add(c);
        SettingsCases.add(c);
        HttpCases.add(c);
        return c.sorted();
    }
}
