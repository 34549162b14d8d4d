import IPAuditKit
import IPCore
import Testing

/// Which records a probe expects to answer: only those audit counts as in use.
@Suite struct ProbeRecordFilterTests {
    static func a(_ s: String) -> IPAddress { try! IPPrefix(addressOrPrefix: s).network }

    @Test func historyAndHostLocalRowsAreNotExpectedToAnswer() {
        let records = [
            InventoryRecord(address: Self.a("10.213.0.5"), name: "agent-1", role: .agent),
            InventoryRecord(address: Self.a("10.213.0.6"), name: "task-done", live: false),           // finished task
            InventoryRecord(address: Self.a("10.213.0.7"), name: "netbox-reserved", live: false),     // reserved row
            InventoryRecord(address: Self.a("172.17.0.2"), name: "container", network: "docker0"),
            InventoryRecord(address: Self.a("172.18.0.2"), name: "bridged", network: "Mesos-Bridge"),
            InventoryRecord(address: Self.a("10.213.0.9"), name: "vrf-host", network: "blue"),         // a VRF is on the wire
            InventoryRecord(prefix: try! IPPrefix(addressOrPrefix: "10.213.0.0/24"), name: "subnet"),
        ]
        let filtered = ProbeRecordFilter.expected(records)
        #expect(filtered.addresses == [Self.a("10.213.0.5"), Self.a("10.213.0.9")])
        #expect(filtered.leftOut == 4)
    }

    /// --vlan: the trunk's addresses say nothing of the VLAN, so a row counts when it names
    /// that VLAN or lies in one of the VLAN's known prefixes; rows elsewhere are left out.
    @Test func onAVLANOnlyItsRowsAreExpected() {
        let records = [
            InventoryRecord(address: Self.a("10.213.42.5"), name: "tagged", vlan: 42),
            InventoryRecord(address: Self.a("10.213.42.6"), name: "other-vlan", vlan: 7),
            InventoryRecord(address: Self.a("10.213.42.7"), name: "unplaced"),
            InventoryRecord(address: Self.a("10.213.0.9"), name: "trunk-host"),
            InventoryRecord(prefix: try! IPPrefix(addressOrPrefix: "10.213.42.0/24"), name: "vlan42-net", vlan: 42),
            InventoryRecord(prefix: try! IPPrefix(addressOrPrefix: "10.213.43.0/24"), name: "old-net", vlan: 42, live: false),
        ]
        let prefixes = ProbeRecordFilter.prefixes(records, onVLAN: 42)
        #expect(prefixes == [try! IPPrefix(addressOrPrefix: "10.213.42.0/24")])
        let alone = ProbeRecordFilter.expected(records, vlan: 42)
        #expect(alone.addresses == [Self.a("10.213.42.5")])
        #expect(alone.leftOut == 3)
        let withPrefixes = ProbeRecordFilter.expected(records, vlan: 42, vlanPrefixes: prefixes)
        #expect(withPrefixes.addresses == [Self.a("10.213.42.5"), Self.a("10.213.42.7")])
        #expect(withPrefixes.leftOut == 2)
    }
}
