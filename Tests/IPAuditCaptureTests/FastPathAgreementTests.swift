import Foundation
@testable import IPAuditCapture
import IPAuditTestSupport
import IPCore
import Testing

/// The fast path in `WireAnalyzer.process` (plain TCP/UDP frames, untagged or with one VLAN
/// tag) must leave the analyzer exactly as the full decoders would: the same counts, findings,
/// observations and bindings, over whole captures with tagged and double-tagged traffic,
/// routers, conflicts and `--routable` judging every source.
@Suite struct FastPathAgreementTests {
    struct Frames: PacketSink {
        var list: [([UInt8], Double, Int)] = []
        mutating func packet(_ bytes: UnsafeRawBufferPointer, linkType: LinkType, time: Double, frame: Int, interface: Int) {
            list.append((Array(bytes), time, frame))
        }
        mutating func startInterface(_ index: Int, domainSuffix: String?) {}
    }

    static func frames(_ path: String) throws -> [([UInt8], Double, Int)] {
        let capture = try PacketCapture.open(CaptureConfiguration(source: .file(path)))
        var sink = Frames()
        _ = try capture.run(into: &sink, duration: nil, count: nil) { _ in }
        return sink.list
    }

    static func generatedMixedCapture(_ dir: URL) throws -> String {
        let path = dir.appendingPathComponent("mixed.pcap").path
        let script = Repository.root.appendingPathComponent("Benchmarks/scan/gen_mixed.py").path
        let result = try ProcessRunner.run("/usr/bin/env", ["python3", script, path, "30000", "--seed", "7"])
        #expect(result.status == 0, "\(result.stderr)")
        return path
    }

    /// Every frame of a capture with one 802.1Q tag (VLAN 20) inserted after the MACs.
    static func tagged(_ frames: [([UInt8], Double, Int)]) -> [([UInt8], Double, Int)] {
        frames.map { bytes, time, frame in (Array(bytes[0..<12]) + [0x81, 0x00, 0x00, 0x14] + Array(bytes[12...]), time, frame) }
    }

    /// Host leaks and conflicts seen in VLAN 20 are the same findings as untagged, in the
    /// VLAN's domain: the fast path must give tagged frames their tag.
    @Test func taggedTrafficIsJudgedInItsVLAN() throws {
        var policy = ScanPolicy()
        policy.routable = IPSet(prefixes: [try IPPrefix("10.0.0.0/8")])
        for name in ["host-leaks.pcap", "duplicate-static.pcap"] {
            let plain = try Self.frames(Repository.root.appendingPathComponent("fixtures/pcap/\(name)").path)
            var untagged = WireAnalyzer(policy: policy, domainBase: "t"), tagged = WireAnalyzer(policy: policy, domainBase: "t")
            for (bytes, time, frame) in plain { bytes.withUnsafeBytes { untagged.process($0, linkType: .ethernet, time: time, frame: frame) } }
            for (bytes, time, frame) in Self.tagged(plain) { bytes.withUnsafeBytes { tagged.process($0, linkType: .ethernet, time: time, frame: frame) } }
            #expect(!untagged.findings().isEmpty, "\(name)")
            #expect(Self.sorted(untagged.findings().map { "\($0.rule) \($0.address ?? "") \($0.entities)" })
                    == Self.sorted(tagged.findings().map { "\($0.rule) \($0.address ?? "") \($0.entities.map { $0.replacingOccurrences(of: "t/vlan:20", with: "t") })" }), "\(name)")
            #expect(tagged.findings().allSatisfy { $0.entities.contains("t/vlan:20") }, "\(name)")
            #expect(Self.sorted(untagged.observations().map { "\($0.address) \($0.mac) \($0.frames)" })
                    == Self.sorted(tagged.observations().map { "\($0.address) \($0.mac) \($0.frames)" }), "\(name)")
        }
    }

    static func sorted<T>(_ values: [T]) -> [String] { values.map { String(describing: $0) }.sorted() }

    @Test(arguments: [false, true])
    func theFastPathLeavesWhatTheDecodersLeave(routable: Bool) throws {
        let dir = try TemporaryDirectory.make(prefix: "fastpath")
        defer { try? FileManager.default.removeItem(at: dir) }
        var policy = ScanPolicy()
        if routable { policy.routable = IPSet(prefixes: [try IPPrefix("10.0.0.0/8"), try IPPrefix("fd00::/8")]) }
        let captures = [try Self.generatedMixedCapture(dir)]
            + ["router-vlans.pcap", "duplicate-vlan.pcap", "host-leaks.pcap", "ecmp-north-south.pcap", "unroutable.pcap"]
            .map { Repository.root.appendingPathComponent("fixtures/pcap/\($0)").path }
        var taggedFastFrames = 0
        for path in captures {
            var fast = WireAnalyzer(policy: policy, domainBase: "t")
            var slow = WireAnalyzer(policy: policy, domainBase: "t")
            var slowErrors = 0
            for (bytes, time, frame) in try Self.frames(path) {
                bytes.withUnsafeBytes { raw in
                    if WireAnalyzer.plainIPOffset(raw, DecoderRegistry.fastPath) == WireAnalyzer.taggedIPOffset { taggedFastFrames += 1 }
                    fast.process(raw, linkType: .ethernet, time: time, frame: frame)
                    do { slow.observe(try FrameDecoder.decode(raw, linkType: .ethernet), time: time, frame: frame) } catch { slowErrors += 1 }
                }
            }
            let name = (path as NSString).lastPathComponent
            #expect(fast.counters.ipv4 == slow.counters.ipv4 && fast.counters.ipv6 == slow.counters.ipv6, "\(name)")
            #expect(fast.counters.arp == slow.counters.arp && fast.counters.decodeErrors == slowErrors, "\(name)")
            // Two tables filled in one order list alike, but hash order may differ: compared as sets.
            #expect(Set(fast.findings()) == Set(slow.findings()) && fast.findings().count == slow.findings().count, "\(name)")
            #expect(Self.sorted(fast.observations()) == Self.sorted(slow.observations()), "\(name)")
            var fastRows: [BindingRow] = [], slowRows: [BindingRow] = []
            fast.bindings().forEachRow { fastRows.append($0) }
            slow.bindings().forEachRow { slowRows.append($0) }
            #expect(Self.sorted(fastRows) == Self.sorted(slowRows), "\(name)")
            if name == "mixed.pcap" { #expect(!fast.findings().isEmpty && fast.counters.ipv4 > 10000) }
        }
        #expect(taggedFastFrames > 1000, "tagged frames must take the fast path")
    }
}
