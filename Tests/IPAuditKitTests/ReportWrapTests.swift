import Testing
@testable import IPAuditKit

/// The report's evidence: words a browser would break after a hyphen are kept whole, a record's
/// zone the row already shows is not repeated, and map coordinates go out unquoted.
@Suite("report: words kept whole, repeats left out")
struct ReportWrapTests {
    @Test("A hyphen before a letter is a break a browser takes; before a digit it is not")
    func hyphens() {
        #expect(EvidenceText.breaksAtHyphen("duplicate-address"))
        #expect(EvidenceText.breaksAtHyphen("region-0-a"))
        #expect(EvidenceText.breaksAtHyphen("zone=region-2-c)"))
        #expect(!EvidenceText.breaksAtHyphen("host-9999"))
        #expect(!EvidenceText.breaksAtHyphen("2026-12-07"))
        #expect(!EvidenceText.breaksAtHyphen("plain"))
        #expect(!EvidenceText.breaksAtHyphen("trailing-"))
    }

    @Test("Such words are wrapped whole; the rest stays text, spaces and newlines included")
    func unbroken() {
        let html = HTMLNode.fragment(EvidenceText.unbroken("records:\n  host-0-a (agent) at dups.csv:2 host-12")).render()
        #expect(html == "records:\n  <i>host-0-a</i> (agent) at dups.csv:2 host-12")
        let long = String(repeating: "a-b", count: 20)
        #expect(HTMLNode.fragment(EvidenceText.unbroken(long)).render() == long, "a word over 40 characters may break")
        #expect(HTMLNode.fragment(EvidenceText.unbroken("<x-y>")).render() == "<i>&lt;x-y&gt;</i>", "still escaped")
    }

    @Test("A record's zone= equal to the row's zone is left out, another zone is kept")
    func rowZone() {
        #expect(EvidenceText.withoutZone("record: h (agent) at f:1 zone=z-a rack=r", "z-a") == "record: h (agent) at f:1 rack=r")
        #expect(EvidenceText.withoutZone("record: h (agent) at f:1 zone=z-ab", "z-a") == "record: h (agent) at f:1 zone=z-ab")
        #expect(EvidenceText.withoutZone("record: h zone=z-a", nil) == "record: h zone=z-a")
    }

    @Test("Numbers are written unquoted, every other value quoted and escaped")
    func numbers() {
        let html = HTMLNode.svg("rect", [.number("x", 12), .number("y", -3), HTMLAttribute("class", "a b")]).render()
        #expect(html == "<rect x=12 y=-3 class=\"a b\"/>")
    }
}
