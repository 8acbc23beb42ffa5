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
            assertThat(c.rfc()).isIn("RFC 9113", "RFC 7541", "RFC 6455", "RFC 8441", "RFC 7692", "RFC 9110");
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
    void webSocketGroupsAreOptInAndMirrorEachOtherOverBothProtocols() {
        assertThat(Catalogue.select(null, true, true)).noneMatch(c -> Catalogue.WEBSOCKET_GROUPS.contains(c.group()));
        List<ComplianceCase> ws = Catalogue.select(null, false, false, true);
        assertThat(ws).extracting(ComplianceCase::group).containsAll(Catalogue.WEBSOCKET_GROUPS);
        assertThat(Catalogue.select("websocket-h2", false, false)).isNotEmpty().allMatch(c -> c.group().equals("websocket-h2"));
        assertThat(Catalogue.select("websocket/5.2/1", false, false)).singleElement().extracting(ComplianceCase::id).isEqualTo("websocket/5.2/1");
        assertThat(Catalogue.select("strict/8.1/1", false, false)).allMatch(c -> c.id().equals("strict/8.1/1"));
        // Every RFC 6455 rule is checked over HTTP/1.1 and over HTTP/2 alike, and the deflate cases too.
        assertThat(rfc6455(ws, "websocket-h2")).isEqualTo(rfc6455(ws, "websocket")).hasSizeGreaterThanOrEqualTo(80);
        assertThat(ws.stream().filter(c -> c.group().equals("deflate-h2")).map(ComplianceCase::description).toList())
                .isEqualTo(ws.stream().filter(c -> c.group().equals("deflate")).map(ComplianceCase::description).toList()).isNotEmpty();
        // The framing sections Autobahn covers are all present.
        assertThat(ws).extracting(ComplianceCase::section).contains("5.1", "5.2", "5.4", "5.5", "5.5.1", "5.5.2", "5.5.3", "7.4.1", "7.4.2", "8.1", "10.4");
    }

    private static List<String> rfc6455(List<ComplianceCase> cases, String group) {
        return cases.stream().filter(c -> c.group().equals(group) && c.rfc().equals("RFC 6455") && !c.section().startsWith("4.2.")).map(c -> c.id().substring(group.length())).toList();
    }

    @Test
    void strictAndLimitsAreOptInUnlessNamed() {
        assertThat(Catalogue.select(null, true, false)).anyMatch(c -> c.group().equals("strict")).noneMatch(c -> c.group().equals("limits"));
        assertThat(Catalogue.select("limits", false, false)).isNotEmpty().allMatch(c -> c.group().equals("limits"));
        assertThat(Catalogue.select("http2/6.5.2/1", false, false)).singleElement().extracting(ComplianceCase::id).isEqualTo("http2/6.5.2/1");
    }
}
