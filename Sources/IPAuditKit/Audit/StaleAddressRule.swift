import IPCore

/// `stale-address` (warning): a live inventory address inside space a live scan, watch or probe
/// covered (the store's coverage) that the wire has not seen for `--stale-after` of watched
/// time: reclaimable space, or a dead host whose address someone will reuse. Silence counts only
/// time someone watched (`WatchedTime`: the coverage spans holding the address, gaps of up to
/// `LinkCoverage.bridge` between scans bridged) after the address's last sighting in any domain
/// (a host seen on another VLAN is alive). `--stale-after 0s` judges every never-seen record of
/// a watched link.
///
/// Never raised for space nobody watched, for history (not live), for shared roles (a VIP
/// answers only while it is active) or for prefixes.
enum StaleAddressRule: AuditRule {
    static let raises: Set<Rule> = [.staleAddress]
    /// The spans a finding lists (the latest ones): a daily scan for a year keeps 365.
    static let listedSpans = 20

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
            let time = WatchedTime(watched)
            let seen = c.wire.group(for: address).map { c.wire.members($0) } ?? []
            let lastSeen = seen.map(\.lastSeen).max()
            let silent = time.watched(after: lastSeen)
            guard silent >= staleAfter, lastSeen == nil || staleAfter > 0 else { continue }
            let latest = watched.sorted { ($0.lastWatched, $0.domain, $0.prefix.description) > ($1.lastWatched, $1.domain, $1.prefix.description) }
            var evidence: [String: JSONValue] = [
                "records": .array(rows.map(c.evidence)),
                "watched": .array(latest.prefix(listedSpans).map {
                    .object(["domain": .string($0.domain), "prefix": .string($0.prefix.description),
                             "first_watched": .double($0.firstWatched), "last_watched": .double($0.lastWatched)])
                }),
                "watched_spans": .int(watched.count),
                "watched_seconds": .double((time.watched(after: nil) * 1000).rounded() / 1000),
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
