import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// `arp-spoofing`: the only MAC claiming an address by ARP also asked who has it. Modelled on a
/// published arpspoof capture (the attacker claims the gateway to the victim, then ARPs for the
/// gateway itself); each look-alike that resolves what it answers for must stay clean.
@Suite struct ARPSpoofingRuleTests {
    static let attacker = "02:00:00:00:0e:71", victim = "02:00:00:00:01:07"

    static func verdicts(_ frames: [[UInt8]], policy: ScanPolicy = ScanPolicy()) -> [String] {
        RogueDHCPServerTests.analyze(frames, policy: policy).findings().map { "\($0.rule) \($0.address ?? "-")" }.sorted()
    }

    static func reply(_ mac: String, _ ip: String, to target: String = "10.0.0.107") -> [UInt8] {
        LinkFrames.arpFrame(op: 2, sha: mac, spa: ip, tpa: target, dst: victim)
    }

    static func request(_ mac: String, _ ip: String, for target: String) -> [UInt8] {
        LinkFrames.arpFrame(op: 1, sha: mac, spa: ip, tpa: target)
    }

    @Test("The gateway's address claimed, then asked for, by the same MAC: one error naming it")
    func claimThenAsk() throws {
        let frames = [Self.reply(Self.attacker, "10.0.0.1"), Self.request(Self.attacker, "10.0.0.105", for: "10.0.0.1")]
        #expect(Self.verdicts(frames) == ["arp-spoofing 10.0.0.1"])
        let f = try #require(RogueDHCPServerTests.analyze(frames).findings().first)
        #expect(f.severity == .error)
        #expect(f.macs == [Self.attacker])
        #expect(f.message.contains("asked who has 10.0.0.1"))
        // The order does not matter: asking first, then claiming, is the same lie.
        #expect(Self.verdicts(frames.reversed()) == ["arp-spoofing 10.0.0.1"])
    }

    @Test("Hosts asking for others and claiming only their own addresses: nothing")
    func ordinaryHostsAreClean() {
        let frames = [Self.request(Self.victim, "10.0.0.107", for: "10.0.0.1"), Self.reply("02:00:00:00:00:01", "10.0.0.1"),
                      Self.request(Self.attacker, "10.0.0.105", for: "10.0.0.107"),
                      // RFC 5227: a probe (sender 0.0.0.0), then the announcement (sender = target).
                      Self.request(Self.attacker, "0.0.0.0", for: "10.0.0.105"), Self.request(Self.attacker, "10.0.0.105", for: "10.0.0.105")]
        #expect(Self.verdicts(frames) == [])
    }

    @Test("A MAC answering for proxyARPThreshold addresses and resolving them (local proxy ARP): proxy-arp, not spoofing")
    func proxyIsNotSpoofing() {
        let router = "02:00:00:00:00:f9"
        var frames: [[UInt8]] = []
        for i in 0..<8 {
            frames.append(Self.reply(router, "10.0.2.\(11 + i)"))
            frames.append(Self.request(router, "10.0.2.1", for: "10.0.2.\(11 + i)"))
        }
        #expect(Self.verdicts(frames) == ["proxy-arp -"])
        // Below the threshold the same pattern is judged per address.
        var policy = ScanPolicy()
        policy.proxyARPThreshold = 20
        #expect(Self.verdicts(frames, policy: policy).filter { $0.hasPrefix("arp-spoofing") }.count == 8)
    }

    @Test("A renumbered host asking for its old address, answered by the new owner: a move, not spoofing")
    func renumberedHostIsAMove() {
        let old = "02:00:00:00:00:40", new = "02:00:00:00:00:41"
        var policy = ScanPolicy()
        policy.moveGrace = 5
        let frames = [Self.reply(old, "10.0.0.40")] + Array(repeating: Self.request(Self.victim, "10.0.0.107", for: "10.0.0.9"), count: 10)
            + [Self.request(old, "10.0.0.41", for: "10.0.0.40"), Self.reply(new, "10.0.0.40", to: "10.0.0.41")]
        #expect(Self.verdicts(frames, policy: policy) == ["address-moved 10.0.0.40"])
    }

    @Test("A VRRP virtual MAC asked for the VIP it answers for (the backup resolving it): nothing")
    func virtualMACIsNotSpoofing() {
        let vmac = "00:00:5e:00:01:0a"
        #expect(Self.verdicts([Self.reply(vmac, "10.0.0.254"), Self.request(vmac, "10.0.0.254", for: "10.0.0.254"),
                               Self.request(vmac, "10.0.0.253", for: "10.0.0.254")]) == [])
    }
}
