import IPCore

/// `outside-overlay-slice` (error): an address on a DC/OS overlay that the overlay cannot
/// route to where its task runs.
///
/// The overlay master gives each node one slice of every overlay and routes the slice to
/// that node (`/overlay-master/state`, imported as prefix rows labelled `overlay_slice`).
/// A task address on overlay X must therefore lie in the slice of X owned by its agent
/// (`host`, an address or a node's name): in another node's slice its packets go to the
/// other node; in no slice at all nobody routes it. Judged only for overlays and address
/// families whose slices are known, and only for live, unshared addresses. A prefix listed
/// for several nodes (a stale registration) accepts a task of any of them.
///
/// Kubernetes node pod CIDRs (with node IPAM) are slices too; on a routed pod network they are
/// in the underlay, where they bind only their own cluster's pods (nodes and other sources'
/// rows share the underlay but are not placed by the cluster's IPAM).
enum OverlaySliceRule: AuditRule {
    static let raises: Set<Rule> = [.outsideOverlaySlice]

    struct Slices {
        var prefixes: [IPPrefix] = []
        var owners: [[IPAddress]] = []
        var families: Set<Int> = []
    }

    /// Which slices bind a row: its overlay's, or in the underlay its Kubernetes cluster's.
    struct Domain: Hashable {
        var network: UInt32
        var cluster: String?
    }

    static func domain(_ i: Int, _ inv: Inventory) -> Domain? {
        let network = inv.rows[i].network
        if network != 0 { return Domain(network: network, cluster: nil) }
        guard inv.isOwnAddressPod(i) || inv.isPodCIDR(i), let cluster = inv.label(i, InventoryLabel.cluster) else { return nil }
        return Domain(network: 0, cluster: cluster)
    }

    static func check(_ c: AuditContext) -> [Finding] {
        let inv = c.inventory
        let nodes = nodeAddresses(inv)
        var byNetwork: [Domain: Slices] = [:]
        // Row order, so the same input always gives the same slices and owners.
        for i in inv.labels.keys.sorted() where inv.labels[i]?[InventoryLabel.overlaySlice] == "true" {
            let row = inv.rows[i]
            guard row.prefixLength >= 0, let key = domain(i, inv) else { continue }
            let prefix = IPPrefix(masking: row.address, length: Int(row.prefixLength))
            let owner = inv.optional(row.host).flatMap { resolve($0, nodes) }
            var slices = byNetwork[key, default: Slices()]
            if let k = slices.prefixes.firstIndex(of: prefix) {
                if let owner { slices.owners[k].append(owner) }
            } else {
                slices.prefixes.append(prefix)
                slices.owners.append(owner.map { [$0] } ?? [])
                slices.families.insert(prefix.family)
            }
            byNetwork[key] = slices
        }
        guard !byNetwork.isEmpty else { return [] }
        let tables = byNetwork.mapValues { FamilyPrefixTable($0.prefixes) }
        var out: [Finding] = []
        for i in 0..<inv.count {
            let row = inv.rows[i]
            guard row.live, row.prefixLength < 0, !row.role.isShared, let key = domain(i, inv), let slices = byNetwork[key],
                  slices.families.contains(row.address.family), let table = tables[key] else { continue }
            let network = key.network != 0 ? "overlay \(inv.text.string(row.network))" : "the routed pod network of cluster \(key.cluster!)"
            let address = row.address.description, name = inv.entityName(i)
            var evidence: [String: JSONValue] = ["record": c.evidence(i), "overlay": .string(key.network != 0 ? inv.text.string(row.network) : "underlay")]
            guard let hit = table.lookup(row.address) else {
                out.append(Finding(rule: Rule.outsideOverlaySlice, address: address, entities: [name],
                                   message: "\(address) of \(name) is on \(network) but in no node's slice: nothing routes it",
                                   evidence: evidence))
                continue
            }
            let owners = slices.owners[hit], prefix = slices.prefixes[hit]
            guard let host = inv.optional(row.host).flatMap({ resolve($0, nodes) }), !owners.isEmpty,
                  !owners.contains(host) else { continue }
            let ownerText = owners.map(\.description).joined(separator: ", ")
            evidence["slice"] = .string(prefix.description)
            evidence["slice_owner"] = .string(ownerText)
            out.append(Finding(rule: Rule.outsideOverlaySlice, address: address, entities: [name],
                               message: "\(address) of \(name) runs on \(host) but lies in \(prefix), the slice of \(ownerText) on \(network)",
                               evidence: evidence))
        }
        return out
    }

    /// A `host` field: an address, or the name of a node (Marathon gives agents' host names).
    static func resolve(_ text: String, _ nodes: [String: IPAddress]) -> IPAddress? {
        (try? IPAddress(text)) ?? nodes[text]
    }

    /// Live node rows (masters, agents) by name, for hosts given by name. A name held by
    /// several addresses is ambiguous and left out.
    static func nodeAddresses(_ inv: Inventory) -> [String: IPAddress] {
        var out: [String: IPAddress] = [:]
        var ambiguous = Set<String>()
        for i in 0..<inv.count where inv.rows[i].role.isNode && inv.rows[i].live && inv.rows[i].prefixLength < 0 {
            let name = inv.name(i), address = inv.rows[i].address
            if let seen = out[name], seen != address { ambiguous.insert(name) } else { out[name] = address }
        }
        for name in ambiguous { out[name] = nil }
        return out
    }
}
