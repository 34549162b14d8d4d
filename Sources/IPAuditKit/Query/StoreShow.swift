import IPCore

/// Builds `show`'s answer from narrow store reads. The findings come from the one audit entry
/// point (`AuditRun`) run over what the store holds about the subject: its inventory records,
/// its observations and every allocation. Rules that judge one address (duplicates, zones,
/// routable space, unknown addresses) reach the same verdict as a whole-store audit; rules
/// about a whole pool or cluster (pool use, quorum) are `audit`'s.
public enum StoreShow {
    public struct Page: Sendable {
        public var limit: Int
        public var after: IPAddress?
        public init(limit: Int = 100, after: IPAddress? = nil) {
            self.limit = limit
            self.after = after
        }
    }

    public static func answer(_ subject: QuerySubject, store: any StoreQuerying & AllocationStoring & WireVerdictStoring,
                              page: Page = Page()) throws -> ShowReport {
        let allocations = try store.allocationState()
        switch subject {
        case .address(let address):
            let records = try store.inventoryRecords(naming: address)
            let observations = try store.observations(address: address.description)
            let findings = try audit(records: records, observations: observations, allocations: allocations, wire: store) {
                names(address: address, finding: $0)
            }
            return ShowReport(kind: "address", subject: address.description,
                              plan: planPath(allocations, inside: address.hostPrefix),
                              records: records.map(ShowReport.RecordLine.init), wire: wire(observations),
                              findings: findings, inside: nil, nextAfter: nil)

        case .prefix(let prefix):
            let addresses = try store.addresses(inside: prefix, after: page.after, limit: page.limit)
            var records = try store.inventoryPrefixes(overlapping: prefix)
            var observations: [Observation] = []
            var inside: [ShowReport.InsideEntry] = []
            for address in addresses {
                let named = try store.inventoryRecords(naming: address).filter { $0.address == address }
                let seen = try store.observations(address: address.description)
                records += named
                observations += seen
                inside.append(ShowReport.InsideEntry(
                    address: address.description, entities: Array(Set(named.map(\.name))).sorted(),
                    macs: Array(Set(seen.map(\.mac.description))).sorted(), lastSeen: seen.map(\.lastSeen).max()))
            }
            let findings = try audit(records: records, observations: observations, allocations: allocations, wire: store) { finding in
                guard let text = finding.address else { return false }
                if let a = try? IPAddress(text) { return prefix.contains(a) }
                return (try? IPPrefix(text)).map(prefix.overlaps) ?? false
            }
            return ShowReport(kind: "prefix", subject: prefix.description, plan: planPath(allocations, inside: prefix),
                              records: records.filter { $0.prefix != nil }.map(ShowReport.RecordLine.init),
                              wire: [], findings: findings, inside: inside,
                              nextAfter: addresses.count == page.limit ? addresses.last?.description : nil)

        case .mac(let mac):
            let held = try store.observations(mac: mac)
            let addresses = Set(held.map(\.address))
            var records: [InventoryRecord] = [], observations: [Observation] = []
            for address in addresses.sorted() {
                records += try store.inventoryRecords(naming: address).filter { $0.address == address }
                observations += try store.observations(address: address.description)
            }
            let findings = try audit(records: records, observations: observations, allocations: allocations, wire: store) {
                $0.macs?.contains(mac) ?? false
            }
            return ShowReport(kind: "mac", subject: mac, plan: [],
                              records: records.filter { $0.mac?.lowercased() == mac }.map(ShowReport.RecordLine.init),
                              wire: wire(held), findings: findings, inside: nil, nextAfter: nil)
        }
    }

    /// The allocations holding `prefix`, outermost first.
    static func planPath(_ state: AllocationState, inside prefix: IPPrefix) -> [ShowReport.PlanStep] {
        state.allocations.filter { $0.prefix.contains(prefix) }
            .sorted { ($0.prefix.length, $0.path) < ($1.prefix.length, $1.path) }
            .map { ShowReport.PlanStep(kind: $0.kind, path: $0.path, prefix: $0.prefix.description, region: $0.region,
                                       zone: $0.zone, rack: $0.rack, role: $0.role, agent: $0.agent) }
    }

    static func wire(_ observations: [Observation]) -> [ShowReport.WireDomain] {
        Dictionary(grouping: observations, by: \.domain).sorted { $0.key < $1.key }.map { domain, rows in
            ShowReport.WireDomain(domain: domain, bindings: rows
                .sorted { ($0.firstSeen, $0.address, $0.mac) < ($1.firstSeen, $1.address, $1.mac) }
                .map { ShowReport.Binding(address: $0.address.description, mac: $0.mac.description, firstSeen: $0.firstSeen,
                                          lastSeen: $0.lastSeen, frames: $0.frames) })
        }
    }

    static func names(address: IPAddress, finding: Finding) -> Bool {
        guard let text = finding.address else { return false }
        if let a = try? IPAddress(text) { return a == address }
        return (try? IPPrefix(text))?.contains(address) ?? false
    }

    /// The audit of the subject's slice of the store, through the same entry point as `audit --store`.
    static func audit(records: [InventoryRecord], observations: [Observation], allocations: AllocationState,
                      wire: any StoreQuerying & WireVerdictStoring, keep: (Finding) -> Bool) throws -> [Finding] {
        var state = StoredAuditState(inventory: Inventory(records), allocations: allocations, observations: observations)
        // What scan, probe and the watch judged (and the space they watched) counts as in `audit --store`.
        state.wire = try wire.wireState()
        // Ages run to the whole store's latest news, as in `audit --store`, not the slice's.
        var request = AuditRequest()
        request.now = max(try wire.latestSighting() ?? 0, state.coverage.map(\.lastWatched).max() ?? 0)
        let result = try AuditRun.run(request, store: { state })
        return result.report.findings.filter(keep)
    }
}
