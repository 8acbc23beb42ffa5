package dev.celeris.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogueTest {

    @Test
    void coversAtLeastH2specsCatalogue() {
        List<ComplianceCase> defaults = Catalogue.select(null, false, false);
        assertThat(defaults).hasSizeGreaterThanOrEqualTo(146);
        assertThat(defaults).extracting(ComplianceCase::group).containsOnly("generic", "http2", "hpack");
        assertThat(Catalogue.all()).extracting(ComplianceCase::group).contains("strict", "limits");
    }

    @Test
    void idsAreUniqueAndEveryCaseQuotesItsRequirement() {
        Set<String> ids = new HashSet<>();
        for (ComplianceCase c : Catalogue.all()) {
            assertThat(ids.add(c.id())).as("duplicate id " + c.id()).isTrue();
            assertThat(c.requirement()).as(c.id()).isNotBlank().doesNotContain("\n");
            assertThat(c.description()).as(c.id()).isNotBlank();
            assertThat(c.rfc()).isIn("RFC 9113", "RFC 7541");
            assertThat(c.id()).startsWith(c.group() + "/" + c.section() + "/");
        }
    }

    @Test
    void sectionFilterTakesSubsectionsButNotSiblings() {
        List<ComplianceCase> s65 = Catalogue.select("6.5", false, false);
        assertThat(s65).isNotEmpty().allMatch(c -> c.section().equals("6.5") || c.section().startsWith("6.5."));
        assertThat(s65).extracting(ComplianceCase::section).contains("6.5", "6.5.2", "6.5.3");
        assertThat(Catalogue.select("6.1", false, false)).noneMatch(c -> c.section().equals("6.10"));
    }

    @Test
    void strictAndLimitsAreOptInUnlessNamed() {
        assertThat(Catalogue.select(null, true, false)).anyMatch(c -> c.group().equals("strict")).noneMatch(c -> c.group().equals("limits"));
        assertThat(Catalogue.select("limits", false, false)).isNotEmpty().allMatch(c -> c.group().equals("limits"));
        assertThat(Catalogue.select("http2/6.5.2/1", false, false)).singleElement().extracting(ComplianceCase::id).isEqualTo("http2/6.5.2/1");
    }
}
