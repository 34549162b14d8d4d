import Foundation
import IPAuditCapture
import IPAuditKit
import IPAuditStorage
import IPCore
import Testing

/// `ScanRun` and `ProbeRun` below the command line: what a request makes of the policy files
/// and the targets, without a device.
@Suite struct RunRequestTests {
    static func p(_ s: String) -> IPPrefix { try! IPPrefix(addressOrPrefix: s) }
    static func a(_ s: String) -> IPAddress { p(s).network }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// --routable and the plan's routable space join; the inventories' host addresses (not
    /// their prefixes) are the known ones; --router and --move-grace reach the policy.
    @Test func scanPolicyJoinsRoutableSpaceAndReadsTheInventories() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = dir.appendingPathComponent("plan.yaml").path
        try "routable:\n  - 192.168.0.0/16\n".write(toFile: plan, atomically: true, encoding: .utf8)
        let hosts = dir.appendingPathComponent("hosts.csv").path
        try "address,prefix,name\n10.0.0.5,,web-1\n,10.0.1.0/24,subnet\n".write(toFile: hosts, atomically: true, encoding: .utf8)

        var request = ScanRequest(capture: CaptureConfiguration(source: .file("x.pcap")))
        request.planPath = plan
        request.routable = [Self.p("10.0.0.0/8")]
        request.inventory = [hosts]
        request.routers = [MACAddress("00:11:22:33:44:55")!]
        request.moveGrace = 7
        var reader = InventoryLoader()
        let policy = try ScanRun.policy(for: request, reader: &reader)
        let routable = try #require(policy.routable)
        #expect(routable.contains(Self.a("10.9.9.9")) && routable.contains(Self.a("192.168.3.4")))
        #expect(!routable.contains(Self.a("172.16.0.1")))
        #expect(policy.knownAddresses == [Self.a("10.0.0.5")])
        #expect(policy.routerMACs == [MACAddress("00:11:22:33:44:55")!])
        #expect(policy.moveGrace == 7)

        // Without --routable or a plan nothing is judged as outside, and no inventory means no
        // unknown-address verdicts (nil, not an empty set that would call everything unknown).
        var bare = InventoryLoader()
        let none = try ScanRun.policy(for: ScanRequest(capture: CaptureConfiguration(source: .file("x.pcap"))), reader: &bare)
        #expect(none.routable == nil && none.knownAddresses == nil)
    }

    /// A bad plan is bad input naming its file, before any frame is read.
    @Test func scanPolicyRefusesABadPlanByFile() throws {
        var request = ScanRequest(capture: CaptureConfiguration(source: .file("x.pcap")))
        request.planPath = "/nonexistent/plan.yaml"
        var reader = InventoryLoader()
        let error = try #require(throws: InputError.self) { try ScanRun.policy(for: request, reader: &reader) }
        #expect(error.description.contains("/nonexistent/plan.yaml"))
    }

    /// The VLAN rule: untagged, everything is placed by the interface's prefixes; with --vlan,
    /// command-line targets are taken as given, records only when on that VLAN (or inside a
    /// prefix records or the IFACE.ID subinterface give it), blocks only inside those prefixes.
    @Test func probeTargetsFollowTheVLANRule() throws {
        let link = InterfaceLink(name: "eth0", mac: MACAddress("02:00:00:00:00:01")!, addresses: [Self.a("10.0.0.1")],
                                 prefixes: [Self.p("10.0.0.0/24")])
        var noFiles = InventoryLoader()
        var inputs = try ProbeInputs.load(ProbeRequest(interface: "eth0"), reader: &noFiles, store: {
            StoredProbeTargets(records: [
                InventoryRecord(address: Self.a("10.0.0.5"), name: "untagged-on-link"),
                InventoryRecord(address: Self.a("10.42.0.5"), name: "on-vlan-42", vlan: 42),
                InventoryRecord(address: Self.a("10.7.0.5"), name: "on-vlan-7", vlan: 7),
            ], blocks: [Self.p("10.42.0.0/30"), Self.p("10.99.0.0/30")])
        })
        inputs.listed = [Self.p("10.50.0.9")]
        #expect(inputs.hasInventory && inputs.known.count == 3)

        let (untagged, leftOut) = try ProbeRun.targetPlan(inputs, request: ProbeRequest(interface: "eth0"), link: link)
        #expect(untagged.targets == [Self.a("10.0.0.5")])   // the rest is off the link
        #expect(leftOut == 0)

        var tagged = ProbeRequest(interface: "eth0")
        tagged.vlan = 42
        var asked: [String] = []
        let (plan, notExpected) = try ProbeRun.targetPlan(inputs, request: tagged, link: link) { name in
            asked.append(name)
            return [Self.p("10.42.0.0/24")]
        }
        #expect(asked == ["eth0.42"])
        // 10.42.0.0/30 is inside the VLAN's prefix, 10.99.0.0/30 is not.
        #expect(Set(plan.targets) == [Self.a("10.50.0.9"), Self.a("10.42.0.5"), Self.a("10.42.0.1"), Self.a("10.42.0.2"), Self.a("10.42.0.3")])
        #expect(plan.expected == [Self.a("10.42.0.5")])
        #expect(notExpected == 2)   // the untagged row and VLAN 7's say nothing of VLAN 42
    }

    /// Probe reads a store's inventory and allocated blocks through the store protocols, not
    /// the observations an audit reads.
    @Test func probeReadsTheStoresRecordsAndBlocks() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try LocalStore(path: dir.appendingPathComponent("s.db").path)
        try store.updateAllocations { _ in
            var changes = AllocationChanges()
            changes.added = [StoredAllocation(path: "eu", kind: "region", prefix: Self.p("10.1.0.0/16"), region: "eu")]
            return (changes, ())
        }
        try store.replaceInventory(source: "hosts", with: [InventoryRecord(address: Self.a("10.1.0.5"), name: "web-1")])
        try store.saveObservations([Observation(address: "10.1.0.9", mac: "02:00:00:00:00:09", domain: "h/eth0",
                                                firstSeen: 1, lastSeen: 2, frames: 1)])
        let targets = try store.probeTargets()
        #expect(targets.records.map(\.address) == [Self.a("10.1.0.5")])
        #expect(targets.blocks == [Self.p("10.1.0.0/16")])
    }
}
