import Testing
@testable import IPAuditKit

/// Issue 26's generated estate: three regions, AWS and Azure answers, three clusters' Calico and
/// Cilium state and a Terraform plan, audited together as `ipaudit audit *.json` reads them.
@Suite("Generated multi-cloud estate")
struct GeneratedCloudEstateTests {
    static func findings(_ estate: inout GeneratedCloudEstate) throws -> [String] {
        let report = try CloudJoinTests.audit(estate.documents())
        return report.findings.map { "\($0.rule) \($0.address ?? "-")" }.sorted()
    }

    @Test("Clean as generated: no finding", arguments: [1, 2, 3] as [UInt64])
    func clean(seed: UInt64) throws {
        var estate = GeneratedCloudEstate(seed: seed)
        #expect(try Self.findings(&estate) == [])
    }

    @Test("Each planted problem alone, then all together: exactly their findings", arguments: [1, 2, 3] as [UInt64])
    func planted(seed: UInt64) throws {
        for fault in GeneratedCloudEstate.Fault.allCases {
            var estate = GeneratedCloudEstate(seed: seed, faults: [fault])
            let found = try Self.findings(&estate)
            #expect(estate.expected.count == 1, "\(fault)")
            #expect(found == estate.expected.sorted(), "\(fault)")
        }
        // The overlap is named by what joins the two VPCs: the transit gateway (they are not peered).
        var overlap = GeneratedCloudEstate(seed: seed, faults: [.peeredOverlap])
        let report = try CloudJoinTests.audit(overlap.documents())
        #expect(report.findings.first?.message.contains("transit gateway tgw-core") == true)
        // Every file was read: the estate is not clean for want of rows.
        #expect(report.findings.count == 1)
        // The plan's subnet is one of the pair: the plan gate sees what the plan would create.
        var planned = GeneratedCloudEstate(seed: seed, faults: [.plannedSubnetOverlap])
        let gate = try CloudJoinTests.audit(planned.documents())
        #expect(gate.findings.first?.entities.contains { $0.contains("aws_subnet.batch") } == true, "\(gate.findings.map(\.entities))")
        var all = GeneratedCloudEstate(seed: seed, faults: Set(GeneratedCloudEstate.Fault.allCases))
        let found = try Self.findings(&all)
        #expect(found == all.expected.sorted() && found.count == GeneratedCloudEstate.Fault.allCases.count)
    }
}
