import IPCore

/// Open verdicts of one scope an evaluation judged again without judging the whole scope:
/// those on `addresses` (or, naming no address, whose subject is one of `subjects`) are closed
/// unless raised again in the same evaluation.
public struct VerdictClosure: Sendable, Hashable {
    public var scope: String
    public var addresses: [String]
    public var subjects: [String]

    public init(scope: String, addresses: [String], subjects: [String] = []) {
        self.scope = scope
        self.addresses = addresses
        self.subjects = subjects
    }

    /// The scope of a probe's verdicts on an L2 domain (VLAN included).
    public static func probeScope(_ domain: String) -> String { "probe:" + domain }
}

extension WireEvaluation {
    /// Scopes whose every open verdict is closed before the raised ones are written.
    public var wholeScopes: [String] {
        Array(Set(verdicts.filter { $0.targets == nil }.map(\.scope))).sorted()
    }

    /// The partial closures of this evaluation with `observations`: a probe supersedes its
    /// scope's verdicts on the addresses it probed (and address-less ones on MACs that
    /// answered it); a scan or watch of a domain judged every binding it saw there, so a
    /// probe's verdict on such an address it did not raise is closed too.
    public func closures(observations: [Observation]) -> [VerdictClosure] {
        var out: [VerdictClosure] = []
        for batch in verdicts {
            if let targets = batch.targets {
                let macs = Set(observations.map(\.mac.description))
                out.append(VerdictClosure(scope: batch.scope, addresses: targets.map(\.description).sorted(), subjects: macs.sorted()))
                continue
            }
            let raised = Set(batch.findings.compactMap { f in f.address.map { "\(f.entities.first ?? "")\u{0}\($0)" } })
            var seen: [String: Set<String>] = [:]
            for o in observations where o.domain == batch.scope || o.domain.hasPrefix(batch.scope + "/") {
                let address = o.address.description
                if !raised.contains("\(o.domain)\u{0}\(address)") { seen[o.domain, default: []].insert(address) }
            }
            for (domain, addresses) in seen.sorted(by: { $0.key < $1.key }) {
                out.append(VerdictClosure(scope: VerdictClosure.probeScope(domain), addresses: addresses.sorted()))
            }
        }
        return out
    }
}
