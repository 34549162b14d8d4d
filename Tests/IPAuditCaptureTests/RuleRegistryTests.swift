import Foundation
@testable import IPAuditCapture
@testable import IPAuditKit
import IPCore
import Testing

/// The rule catalogue (`Rule`) against the registries that run the rules (`AuditRules`,
/// `WireRules`, `RuleRegistry`): no catalogue entry without a rule type raising it in each
/// of its scopes, no rule type raising what the catalogue does not give its scope, and no
/// rule type in the sources left out of its registry.
@Suite("rule registry")
struct RuleRegistryTests {
    static func catalogue(_ scope: Rule.Scope) -> Set<Rule> { Set(Rule.allCases.filter { $0.scopes.contains(scope) }) }

    @Test("Every catalogue rule is raised, in each scope the catalogue gives it, by a registered rule type", arguments: Rule.Scope.allCases)
    func everyEntryHasAnEvaluator(_ scope: Rule.Scope) {
        let raised = RuleRegistry.evaluators(for: scope).reduce(into: Set<Rule>()) { $0.formUnion($1.raises) }
        #expect(Self.catalogue(scope).subtracting(raised).isEmpty, "\(scope): no rule type raises \(Self.catalogue(scope).subtracting(raised).sorted())")
        #expect(raised.subtracting(Self.catalogue(scope)).isEmpty, "\(scope): raised outside the catalogue: \(raised.subtracting(Self.catalogue(scope)).sorted())")
    }

    @Test("Every registered rule type raises only what the catalogue gives each of its scopes")
    func noEvaluatorOutsideTheCatalogue() {
        #expect(RuleRegistry.evaluators.count == AuditRules.registered.count + WireRules.registered.count + RuleRegistry.probeOwn.count)
        for evaluator in RuleRegistry.evaluators {
            #expect(!evaluator.raises.isEmpty && !evaluator.scopes.isEmpty, "\(evaluator) declares nothing")
            for scope in evaluator.scopes {
                #expect(evaluator.raises.isSubset(of: Self.catalogue(scope)),
                        "\(evaluator) raises \(evaluator.raises.subtracting(Self.catalogue(scope)).sorted()) in \(scope)")
            }
        }
        for rule in AuditRules.registered { #expect(rule.scopes == [.audit], "\(rule)") }
        for rule in WireRules.registered { #expect(!rule.scopes.contains(.audit), "\(rule)") }
    }

    @Test("Every rule type declared in the sources is registered, once")
    func noRuleTypeLeftOut() throws {
        let sources = Fixture.root.appendingPathComponent("Sources")
        let pattern = try Regex(#"(?:struct|enum|class)\s+(\w+)\s*:\s*([^{]*)\{"#)
        var declared: [String] = []
        for case let url as URL in FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in text.matches(of: pattern) {
                let conformances = match.output[2].substring.map(String.init) ?? ""
                if conformances.split(separator: ",").contains(where: {
                    ["AuditRule", "WireRule", "RuleEvaluator"].contains($0.trimmingCharacters(in: .whitespaces))
                }) {
                    declared.append(match.output[1].substring.map(String.init) ?? "")
                }
            }
        }
        let registered = RuleRegistry.evaluators.map { String(describing: $0) }
        #expect(declared.count >= 20, "the scan found the rule types: \(declared)")
        #expect(Set(declared) == Set(registered), "not registered: \(Set(declared).subtracting(registered).sorted()); not declared: \(Set(registered).subtracting(declared).sorted())")
        #expect(registered.count == Set(registered).count, "registered twice: \(registered)")
    }

    @Test("The audit reports exactly the wire verdicts the store keeps")
    func storedVerdictsAreTheKeptWireRules() {
        let wire = WireRules.registered.reduce(into: Set<Rule>()) { $0.formUnion($1.raises) }
        let kept = wire.filter { DomainVerdicts.isKept(Finding(rule: $0, message: "")) }
        #expect(StoredVerdictRule.raises == kept)
    }

    @Test("probe runs the wire rules of its scope only: an RFC 5227 probe of an address in use is scan's finding, not probe's")
    func scopeChoosesTheRules() throws {
        func rules(_ scope: Rule.Scope) throws -> [Rule] {
            var analyzer = WireAnalyzer(domainBase: "t", scope: scope)
            let owner = MACAddress(bits: 0x0200_0000_0001), prober = MACAddress(bits: 0x0200_0000_0002)
            let address = IPv4Address(bits: 0x0a00_0005)
            analyzer.observe(DecodedFrame(linkSource: owner, event: .arp(ARPMessage(operation: 2, senderMAC: owner, senderIP: address,
                                          targetMAC: MACAddress(bits: 0), targetIP: IPv4Address(bits: 0x0a00_0001)))), time: 1, frame: 1)
            analyzer.observe(DecodedFrame(linkSource: prober, event: .arp(ARPMessage(operation: 1, senderMAC: prober, senderIP: IPv4Address(bits: 0),
                                          targetMAC: MACAddress(bits: 0), targetIP: address))), time: 2, frame: 2)
            return analyzer.findings().map(\.rule)
        }
        #expect(try rules(.scan) == [.duplicateAttempt])
        #expect(try rules(.probe) == [])
    }

    @Test("A finding takes its rule's catalogue severity, or the one of a reason the catalogue declares for that rule")
    func severityComesFromTheCatalogue() {
        for rule in Rule.allCases {
            #expect(Finding(rule: rule, message: "m").severity == rule.defaultSeverity)
            for reason in rule.severityReasons {
                #expect(Finding(rule: rule, because: reason, message: "m").severity == reason.severity)
                #expect(reason.severity != rule.defaultSeverity, "\(reason) restates the default")
                #expect(rule.allows(reason.severity))
            }
            #expect(rule.severityNote == (rule.severityReasons.isEmpty ? nil : rule.severityReasons.map(\.note).joined(separator: "; ")))
        }
        #expect(!Rule.duplicateAddress.allows(.warning))
        #expect(Rule.SeverityReason.allCases.count == 6)
    }

    @Test("Evidence that every frame refreshes is declared volatile by its rule, so a watcher does not report it as a change")
    func perFrameEvidenceIsDeclaredVolatile() throws {
        func keys(_ value: JSONValue) -> Set<String> {
            switch value {
            case .object(let o): o.reduce(into: Set(o.keys)) { $0.formUnion(keys($1.value)) }
            case .array(let a): a.reduce(into: Set<String>()) { $0.formUnion(keys($1)) }
            default: []
            }
        }
        var policy = ScanPolicy()
        policy.routable = IPSet(prefixes: [try IPPrefix("10.0.0.0/16")])
        var seen = Set<Rule>()
        for c in FixtureVerdictTests.cases {
            for f in try FixtureVerdictTests.scan(c.file, policy: policy).report.findings {
                seen.insert(f.rule)
                let moving = keys(.object(f.evidence)).intersection(["last_seen", "frames", "example_frames"])
                #expect(moving.isSubset(of: f.rule.volatileEvidence), "\(c.file): \(f.rule) does not declare \(moving.subtracting(f.rule.volatileEvidence).sorted())")
            }
        }
        #expect(seen.count >= 8)
        for rule in Rule.allCases where !rule.scopes.contains(.scan) { #expect(rule.volatileEvidence.isEmpty, "\(rule) is never watched") }
    }
}
