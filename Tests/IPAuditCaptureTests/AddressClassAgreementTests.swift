import Foundation
@testable import IPAuditCapture
@testable import IPAuditKit
import IPCore
import Testing

/// One address judgement (`AddressClass`): the same address, used by an inventory host (audit),
/// bound on the wire (scan) and asked for as a pool (allocate), gets the same verdict from all three.
@Suite("one address judgement")
struct AddressClassAgreementTests {
    static let routable = ["10.0.0.0/8", "fd00::/8"]

    /// One of each class (unroutable, DC/OS default, discouraged, public IPv4, usable) inside and
    /// outside the routable space, both families, and an IPv4-mapped address.
    static let addresses = [
        "10.1.2.3", "172.16.0.9", "192.168.7.7", "127.0.0.1", "169.254.10.10", "192.0.2.10", "240.0.0.9",
        "100.64.1.1", "198.18.0.5", "9.0.0.7", "44.128.0.3", "11.1.1.1", "8.8.8.8",
        "::1", "2001:db8::5", "fd00::5", "fc00::5", "2a00:1450::1", "::ffff:10.0.0.1",
    ]

    struct Outcome: Equatable, CustomStringConvertible {
        var audit: Set<String>
        var scan: Set<String>
        var pool: String
        var description: String { "audit \(audit.sorted()), scan \(scan.sorted()), pool \(pool)" }
    }

    /// The routable space the tools are given: none (no routable judgement), or `routable`.
    static let spaces: [[String]] = [[], routable]

    static func routableSet(_ space: [String] = routable) throws -> IPSet? {
        space.isEmpty ? nil : IPSet(prefixes: try space.map { try IPPrefix($0) })
    }

    static func audit(_ text: String, _ space: [String]) throws -> Set<String> {
        var loader = InventoryLoader(format: .csv)
        let inventory = try loader.load(bytes: Array("address,name,role\n\(text),host-a,agent\n".utf8), file: "t.csv", source: "t.csv")
        let report = Auditor.audit(AuditInput(inventory: inventory, options: AuditOptions(routable: try space.map { try IPPrefix($0) })))
        return Set(report.findings.map { "\($0.rule) \($0.severity)" })
    }

    static func scan(_ address: IPAddress, _ space: [String]) throws -> Set<String> {
        var policy = ScanPolicy()
        policy.routable = try routableSet(space)
        var analyzer = WireAnalyzer(policy: policy, domainBase: "t")
        let mac = MACAddress(bits: 0x0200_0000_0042)
        let event: FrameEvent
        switch address {
        case .v4(let a):
            event = .arp(ARPMessage(operation: 2, senderMAC: mac, senderIP: a, targetMAC: MACAddress(bits: 0),
                                    targetIP: IPv4Address(bits: 0x0a00_0001)))
        case .v6(let a):
            event = .neighborAdvertisement(source: a, target: a, targetLinkLayer: mac, flags: .override)
        }
        analyzer.observe(DecodedFrame(linkSource: mac, event: event), time: 1, frame: 1)
        #expect(analyzer.trackedAddresses == 1, "\(address) was not bound")
        return Set(analyzer.findings().map { "\($0.rule) \($0.severity)" })
    }

    static func pool(_ address: IPAddress, _ space: [String]) throws -> String {
        let prefix = IPPrefix(masking: address, length: address.bitWidth)
        let routable = space.isEmpty ? nil : try space.map { try IPPrefix($0) }
        do throws(PoolCheck.Refusal) {
            let warnings = try PoolCheck.check([prefix], routable: routable)
            return warnings.isEmpty ? "usable" : "warned"
        } catch {
            return "refused"
        }
    }

    /// What each tool must say, from the one judgement: audit raises every verdict; scan the two
    /// that make the address unusable where it is; allocate refuses those and warns for the rest.
    static func expected(_ address: IPAddress, _ space: [String]) throws -> Outcome {
        let verdicts = Array(AddressClass(address).verdicts(outsideRoutable: try routableSet(space).map { !$0.contains(address) } ?? false))
        func text(_ v: AddressClass.Verdict) -> String {
            let (rule, reason) = v.rule
            return "\(rule) \(reason?.severity ?? rule.defaultSeverity)"
        }
        let blocking = verdicts.filter { $0 == .unroutable || $0 == .outsideRoutable }
        return Outcome(audit: Set(verdicts.map(text)), scan: Set(blocking.map(text)),
                       pool: !blocking.isEmpty ? "refused" : verdicts.isEmpty ? "usable" : "warned")
    }

    @Test(arguments: addresses, spaces)
    func auditScanAndAllocateAgree(_ text: String, routable space: [String]) throws {
        let address = try IPAddress(text)
        let got = Outcome(audit: try Self.audit(text, space), scan: try Self.scan(address, space), pool: try Self.pool(address, space))
        #expect(got == (try Self.expected(address, space)), "\(text)")
        // Across the tools, not only against the judgement: an error in audit is the same error on
        // the wire and a refused pool; a warning in audit is a warned pool and nothing on the wire.
        let auditErrors = got.audit.filter { $0.hasSuffix(" error") }
        #expect(got.scan == auditErrors, "\(text): \(got)")
        #expect((got.pool == "refused") == !auditErrors.isEmpty, "\(text): \(got)")
        #expect((got.pool == "warned") == (auditErrors.isEmpty && !got.audit.isEmpty), "\(text): \(got)")
    }

    @Test("The addresses cover every class and every verdict, so the agreement says something")
    func everyClassIsFed() throws {
        var uses = Set<AddressClass.Use>(), outcomes = Set<String>()
        for text in Self.addresses {
            let address = try IPAddress(text)
            uses.insert(AddressClass(address).use)
            for space in Self.spaces { outcomes.insert(try Self.expected(address, space).pool) }
        }
        #expect(uses == [.unroutable, .dcosDefault, .discouraged, .publicIPv4, .usable])
        #expect(outcomes == ["refused", "warned", "usable"])
        #expect(try Self.expected(IPAddress("172.16.0.9"), Self.routable).audit == ["outside-routable-space error"])
        #expect(try Self.expected(IPAddress("100.64.1.1"), []).audit == ["unroutable-address warning"])
    }

    @Test("Every address-class finding carries the one evidence shape: registry {name, rfc, prefix, class, host_use, source}")
    func oneEvidenceShape() throws {
        let keys: Set<String> = ["name", "rfc", "prefix", "class", "host_use", "source"]
        var policy = ScanPolicy()
        policy.routable = try Self.routableSet(Self.routable)
        // Bindings, and a non-forwardable source in an IP header (scan's unroutable source).
        var analyzer = WireAnalyzer(policy: policy, domainBase: "t")
        let mac = MACAddress(bits: 0x0200_0000_0042)
        for (i, text) in ["127.0.0.1", "172.16.0.9"].enumerated() {
            guard case .v4(let a) = try IPAddress(text) else { continue }
            analyzer.observe(DecodedFrame(linkSource: mac, event: .arp(ARPMessage(operation: 2, senderMAC: mac, senderIP: a,
                                          targetMAC: MACAddress(bits: 0), targetIP: IPv4Address(bits: 0x0a00_0001)))),
                             time: 1, frame: i + 1)
        }
        analyzer.observe(DecodedFrame(linkSource: MACAddress(bits: 0x0200_0000_0043),
                                      event: .ipv4(source: IPv4Address(bits: 0xC000_0207), destination: IPv4Address(bits: 0x0a00_0001))),
                         time: 2, frame: 3)
        var findings = analyzer.findings()
        for text in ["127.0.0.1", "172.16.0.9", "9.0.0.7", "8.8.8.8", "100.64.1.1"] {
            var loader = InventoryLoader(format: .csv)
            let inventory = try loader.load(bytes: Array("address,name,role\n\(text),host-a,agent\n".utf8), file: "t.csv", source: "t.csv")
            findings += Auditor.audit(AuditInput(inventory: inventory,
                                                 options: AuditOptions(routable: try Self.routable.map { try IPPrefix($0) }))).findings
        }
        let classRules: Set<Rule> = [.unroutableAddress, .publicSpace, .outsideRoutableSpace]
        let judged = findings.filter { classRules.contains($0.rule) }
        #expect(Set(judged.map(\.rule)) == classRules)
        #expect(judged.filter { $0.evidence["domain"] != nil }.count >= 3, "scan's bindings and source are in")
        for f in judged {
            guard case .object(let registry)? = f.evidence["registry"] else { Issue.record("\(f.rule) \(f.address ?? "-"): no registry"); continue }
            #expect(Set(registry.keys) == keys, "\(f.rule) \(f.address ?? "-")")
            #expect(f.evidence["class"] == nil && f.evidence["rfc"] == nil, "\(f.rule): no flat class/rfc beside it")
            if f.rule == .outsideRoutableSpace {
                guard case .array(let list)? = f.evidence["routable"] else { Issue.record("\(f.rule): no routable list"); continue }
                #expect(!list.isEmpty)
            }
        }
    }
}
