import IPCore

/// `stale-address` (warning): a live inventory address inside space a live scan, watch or probe
/// covered (the store's coverage) that the wire has not seen for `--stale-after` although the
/// link was watched longer than that: reclaimable space, or a dead host whose address someone
/// will reuse. Silence is measured within the watch: from the later of the watch's start and
/// the address's last sighting (any domain: a host seen on another VLAN is alive) to the
/// watch's end. `--stale-after 0s` judges every never-seen record of a watched link.
///
/// Never raised for space nobody watched, for history (not live), for shared roles (a VIP
/// answers only while it is active) or for prefixes.
enum StaleAddressRule: AuditRule {
    static let raises: Set<Rule> = [.staleAddress]

    static func check(_ c: AuditContext) -> [Finding] {
        let coverage = c.input.coverage
        guard !coverage.isEmpty else { return [] }
        let staleAfter = c.options.staleAfter
        let inv = c.inventory
        var byAddress: [IPAddress: [Int]] = [:]
        for i in 0..<inv.count {
            let row = inv.rows[i]
            guard row.prefixLength < 0, row.live, !row.role.isShared else { continue }
            let address = AddressField.normalize(row.address).address
            guard coverage.contains(where: { $0.prefix.contains(address) }) else { continue }
            byAddress[address, default: []].append(i)
        }
        var out: [Finding] = []
        for address in byAddress.keys.sorted() {
            let rows = byAddress[address]!
            let watched = coverage.filter { $0.prefix.contains(address) }
            let start = watched.map(\.firstWatched).min()!, end = watched.map(\.lastWatched).max()!
            let seen = c.wire.group(for: address).map { c.wire.members($0) } ?? []
            let lastSeen = seen.map(\.lastSeen).max()
            let silent = end - max(start, lastSeen ?? -.infinity)
            guard silent >= staleAfter, lastSeen == nil || staleAfter > 0 else { continue }
            var evidence: [String: JSONValue] = [
                "records": .array(rows.map(c.evidence)),
                "watched": .array(watched.map {
                    .object(["domain": .string($0.domain), "prefix": .string($0.prefix.description),
                             "first_watched": .double($0.firstWatched), "last_watched": .double($0.lastWatched)])
                }),
                "silent_seconds": .double((silent * 1000).rounded() / 1000),
            ]
            let when: String
            if lastSeen != nil {
                let times = WireTimes(seen, now: c.now)
                evidence.merge(times.evidence) { a, _ in a }
                when = times.text
            } else {
                when = "never seen"
            }
            let domains = Array(Set(watched.map(\.domain))).sorted().joined(separator: ", ")
            out.append(Finding(rule: .staleAddress, address: address.description,
                               entities: Array(Set(rows.map(inv.entityName))).sorted(), zone: c.commonZone(rows),
                               message: "\(address) is live in the inventory but the wire has not seen it for \(WireTimes.duration(silent)) of watching \(domains) (--stale-after \(WireTimes.duration(staleAfter))); \(when)",
                               evidence: evidence))
        }
        return out
    }
}
