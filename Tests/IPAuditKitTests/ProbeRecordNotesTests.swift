import IPAuditKit
import IPCore
import Testing

/// Issue 23: probe findings on inventory addresses name the records (name, source, line) and
/// which answering MAC the records do not hold; an address only other MACs answer for is a
/// `mac-mismatch`. The look-alikes (no MAC recorded, the recorded MAC among the answers, shared
/// roles, history, another VLAN) stay quiet.
@Suite struct ProbeRecordNotesTests {
    static let a = "02:00:00:00:00:0a", b = "02:00:00:00:00:0b", c = "02:00:00:00:00:0c"

    static func records(_ csv: String) throws -> [InventoryRecord] {
        try InventoryFixture.csv(csv, file: "hosts.csv").records
    }

    static func duplicate(_ address: String, _ macs: [String]) -> Finding {
        Finding(rule: .duplicateAddress, address: address, entities: ["h/eth0"], message: "claimed by 2 MACs", macs: macs, vlan: [])
    }

    static func answer(_ address: String, _ mac: String) -> Observation {
        Observation(address: address, mac: mac, domain: "h/eth0", firstSeen: 1, lastSeen: 2, frames: 1)
    }

    @Test func aDuplicateNamesTheRecordAndTheMACItDoesNotHold() throws {
        let records = try Self.records("address,name,mac\n10.0.0.5,web-1,\(Self.a)\n")
        let noted = ProbeRecordNotes.annotate([Self.duplicate("10.0.0.5", [Self.a, Self.b])], records: records)
        let finding = try #require(noted.first)
        #expect(finding.message == "claimed by 2 MACs; inventory: web-1 (hosts.csv:2); \(Self.b) is not the MAC the inventory records (\(Self.a) for web-1)")
        #expect(finding.evidence["macs_not_in_inventory"] == .array([.string(Self.b)]))
        #expect(finding.evidence["inventory_macs"] == .array([.string(Self.a)]))
        #expect(finding.evidence["records"] == .array([.object(["name": "web-1", "source": "hosts.csv", "location": "hosts.csv:2",
                                                                 "mac": .string(Self.a)])]))
        #expect(finding.rule == .duplicateAddress && finding.macs == [Self.a, Self.b] && finding.entities == ["h/eth0"])
    }

    @Test func withoutARecordedMACOnlyTheRecordIsNamed() throws {
        let records = try Self.records("address,name\n10.0.0.5,web-1\n10.0.0.6,other\n")
        let finding = try #require(ProbeRecordNotes.annotate([Self.duplicate("10.0.0.5", [Self.a, Self.b])], records: records).first)
        #expect(finding.message == "claimed by 2 MACs; inventory: web-1 (hosts.csv:2)")
        #expect(finding.evidence["macs_not_in_inventory"] == nil)
    }

    @Test func addressesNoRecordHoldsAndRecordsOnAnotherVLANAreLeftAlone() throws {
        let records = try Self.records("address,name,vlan\n10.0.0.5,web-1,20\n10.0.0.0/24,lan,\n")
        let findings = [Self.duplicate("10.0.0.5", [Self.a, Self.b]), Self.duplicate("10.0.0.7", [Self.a, Self.c])]
        #expect(ProbeRecordNotes.annotate(findings, records: records, vlan: 10) == findings)
        #expect(ProbeRecordNotes.annotate(findings, records: records, vlan: 20)[0].message.hasSuffix("; inventory: web-1 (hosts.csv:2)"))
        #expect(ProbeRecordNotes.annotate(findings, records: records, vlan: 20)[1] == findings[1])
    }

    @Test func anAddressOnlyOtherMACsAnswerIsAMACMismatch() throws {
        let records = try Self.records("address,name,mac\n10.0.0.5,web-1,\(Self.a)\n")
        let hits = ProbeMACMismatchRule.findings(records: records, answers: [Self.answer("10.0.0.5", Self.b)], vlan: nil)
        #expect(hits.count == 1)
        let hit = try #require(hits.first)
        #expect(hit.rule == .inventoryMACMismatch && hit.severity == .warning)
        #expect(hit.message == "web-1 (hosts.csv:2) records \(Self.a) for 10.0.0.5, but \(Self.b) answered the probes and \(Self.a) never did")
        #expect(hit.macs == [Self.b])
        #expect(hit.evidence["inventory_mac"] == .string(Self.a))
    }

    @Test func theRecordedMACAmongTheAnswersSilenceAndLookAlikesAreNoMismatch() throws {
        let records = try Self.records("""
            address,name,mac,role,status,vlan
            10.0.0.5,web-1,\(Self.a),,,
            10.0.0.6,silent,\(Self.a),,,
            10.0.0.7,vip-1,\(Self.a),vip,,
            10.0.0.8,old,\(Self.a),,deprecated,
            10.0.0.9,vlan-20,\(Self.a),,,20
            10.0.0.10,no-mac,,,,

            """)
        let answers = [Self.answer("10.0.0.5", Self.a), Self.answer("10.0.0.5", Self.b), Self.answer("10.0.0.7", Self.b),
                       Self.answer("10.0.0.8", Self.b), Self.answer("10.0.0.9", Self.b), Self.answer("10.0.0.10", Self.b)]
        #expect(ProbeMACMismatchRule.findings(records: records, answers: answers, vlan: 10).isEmpty)
        // The same answers on VLAN 20: the record of that VLAN is judged.
        #expect(ProbeMACMismatchRule.findings(records: records, answers: answers, vlan: 20).map(\.address) == ["10.0.0.9"])
    }
}
