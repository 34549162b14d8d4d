import IPCore

/// The verdicts `scan`, `probe` and `scan --watch` raised and the store keeps open: the audit
/// raises them as the wire's verdict engine did (its exemptions included: FHRP virtual MACs,
/// proxy ARP, ARP flux, a move after the old MAC fell silent, a clone pair), with since when.
enum StoredVerdictRule: AuditRule {
    /// The wire's verdicts the store keeps: every rule `scan` and `probe` raise but
    /// `unknown-address` (judged again against the audit's own inventory) and
    /// `unresponsive-address` (a probe run's own report, no binding's).
    static let raises: Set<Rule> = [.duplicateAddress, .unroutableAddress, .outsideRoutableSpace, .duplicateAttempt,
                                    .addressMoved, .macMismatch, .fhrpVirtualMAC, .proxyARP, .arpFlux, .allowListed, .arpSpoofing]
    static func check(_ c: AuditContext) -> [Finding] { c.verdicts.map(\.reported) }

    /// One verdict per (domain, rule, subject): a scan and a probe of one link keep theirs under
    /// two scopes, and the one evaluated last is the one that stands.
    static func latest(_ verdicts: [StoredVerdict]) -> [StoredVerdict] {
        var index: [String: Int] = [:]
        var out: [StoredVerdict] = []
        for v in verdicts {
            let (domain, subject) = StoredVerdict.subject(of: v.finding)
            let key = [domain, v.finding.rule.rawValue, subject].joined(separator: "\u{0}")
            if let i = index[key] {
                if v.lastEvaluated > out[i].lastEvaluated { out[i] = v }
            } else {
                index[key] = out.count
                out.append(v)
            }
        }
        return out
    }

    /// Addresses the verdict engine judged on their link (a conflict, or one of its exemptions):
    /// the audit's cross-domain duplicate rule leaves them to it, so nothing is reported twice
    /// and an exempted address does not come back as a duplicate.
    static func judgedAddresses(_ verdicts: [StoredVerdict]) -> Set<IPAddress> {
        let judging: Set<Rule> = [.duplicateAddress, .fhrpVirtualMAC, .addressMoved, .arpFlux, .allowListed, .proxyARP]
        var out = Set<IPAddress>()
        for v in verdicts where judging.contains(v.finding.rule) {
            var texts = v.finding.address.map { [$0] } ?? []
            // Proxy ARP names the addresses it answers for in its evidence (the first 32).
            if case .array(let list)? = v.finding.evidence["addresses"] {
                for case .string(let text) in list { texts.append(text) }
            }
            for text in texts {
                if let address = try? AddressField.parse(text).address { out.insert(address) }
            }
        }
        return out
    }
}
