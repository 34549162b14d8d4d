import Testing
@testable import IPAuditKit

@Suite("Stored roles")
struct StoredRoleTests {
    @Test("Every role reads back from the text the store writes for it; other text as InventoryRole(text:) reads it")
    func storedRolesRoundTrip() {
        for role in InventoryRole.allCases {
            var name = role.description
            #expect(name.withUTF8 { InventoryRole(stored: $0) } == role, "\(role)")
        }
        for (text, role) in [("slave", InventoryRole.agent), ("public_agent", .publicAgent), ("AGENT", .agent), ("", .other),
                             ("agent ", .other), ("agen", .other), ("zzz", .other)] {
            var text = text
            #expect(text.withUTF8 { InventoryRole(stored: $0) } == role, "\(text)")
        }
    }
}
