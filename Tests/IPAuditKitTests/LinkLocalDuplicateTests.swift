import Testing
@testable import IPAuditKit
import IPAuditTestSupport
import IPCore

/// NetBox lists routers' link-local peering addresses (169.254/16 /31s, fe80::1 on several
/// interfaces): one link-local address on two devices' different links is no duplicate.
@Suite("Link-local addresses in inventories")
struct LinkLocalDuplicateTests {
    @Test("Two routers' link-local peering addresses are not duplicates; each is unroutable once")
    func linkLocalPeering() throws {
        let report = InventoryFixture.audit(try InventoryFixture.load("netbox-2-link-local-peering.json"))
        #expect(!report.with(.duplicateAddress).contains { $0.address == "169.254.7.1" || $0.address == "fe80::1" })
        let unroutable = report.with(.unroutableAddress)
        #expect(Set(unroutable.compactMap(\.address)) == ["169.254.7.1", "169.254.7.2", "fe80::1"])
        #expect(unroutable.first { $0.address == "169.254.7.1" }?.entities.sorted() == ["rtr-core-b", "rtr-edge-b"])
        #expect(report.findings.count == 4)
    }

    @Test("A routed /31 on two routers stays a duplicate beside them")
    func routedDuplicateKept() throws {
        let report = InventoryFixture.audit(try InventoryFixture.load("netbox-2-link-local-peering.json"))
        let duplicates = report.with(.duplicateAddress)
        #expect(duplicates.map(\.address) == ["10.31.2.2"])
        #expect(duplicates.first?.entities.sorted() == ["rtr-core-a", "rtr-core-b"])
    }

    @Test("Only 169.254/16 and fe80::/10 count as link-local")
    func linkLocalBounds() throws {
        for text in ["169.254.0.0", "169.254.255.255", "fe80::1", "febf::1"] {
            #expect(DuplicateAddressRule.isLinkLocal(try IPAddress(text)), "\(text)")
        }
        for text in ["169.253.255.255", "169.255.0.0", "10.0.0.1", "fec0::1", "fe7f::1", "2001:db8::1"] {
            #expect(!DuplicateAddressRule.isLinkLocal(try IPAddress(text)), "\(text)")
        }
    }
}
