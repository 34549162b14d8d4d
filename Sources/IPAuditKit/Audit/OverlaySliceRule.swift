import IPCore

/// `outside-overlay-slice` (error): an address on a DC/OS overlay that the overlay cannot
/// route to where its task runs.
///
/// The overlay master gives each node one slice of every overlay and routes the slice to
/// that node (`/overlay-master/state`, imported as prefix rows labelled `overlay_slice`).
/// A task address on overlay X must therefore lie in the slice of X owned by its agent
/// (`host`): in another node's slice its packets go to the other node; in no slice at all
/// nobody routes it. Judged only for overlays whose slices are known, and only for live,
/// unshared addresses.
enum OverlaySliceRule {
    struct Slice {
        var prefix: IPPrefix
        var owner: IPAddress?
        var row: Int
    }

    static func check(_ c: AuditContext) -> [Finding] {
        let inv = c.inventory
        var slicesByNetwork: [UInt32: [Slice]] = [:]
        for (i, labels) in inv.labels where labels["overlay_slice"] == "true" {
            let row = inv.rows[i]
            guard row.prefixLength >= 0, row.network != 0 else { continue }
            let owner = inv.optional(row.host).flatMap { try? IPAddress($0) }
            slicesByNetwork[row.network, default: []].append(
                Slice(prefix: IPPrefix(masking: row.address, length: Int(row.prefixLength)), owner: owner, row: i))
        }
        guard !slicesByNetwork.isEmpty else { return [] }
        let tables = slicesByNetwork.mapValues { FamilyPrefixTable($0.map(\.prefix)) }
        var out: [Finding] = []
        for i in 0..<inv.count {
            let row = inv.rows[i]
            guard row.live, row.prefixLength < 0, !row.role.isShared, let table = tables[row.network],
                  let slices = slicesByNetwork[row.network] else { continue }
            let network = inv.text.string(row.network), address = row.address.description, name = inv.name(i)
            var evidence: [String: JSONValue] = ["record": c.evidence(i), "overlay": .string(network)]
            guard let hit = table.lookup(row.address) else {
                out.append(Finding(rule: Rule.outsideOverlaySlice, severity: .error, address: address, entities: [name],
                                   message: "\(address) of \(name) is on overlay \(network) but in no node's slice: nothing routes it",
                                   evidence: evidence))
                continue
            }
            let slice = slices[hit]
            guard let host = inv.optional(row.host).flatMap({ try? IPAddress($0) }), let owner = slice.owner,
                  host != owner else { continue }
            evidence["slice"] = .string(slice.prefix.description)
            evidence["slice_owner"] = .string(owner.description)
            out.append(Finding(rule: Rule.outsideOverlaySlice, severity: .error, address: address, entities: [name],
                               message: "\(address) of \(name) runs on \(host) but lies in \(slice.prefix), the \(network) slice of \(owner)",
                               evidence: evidence))
        }
        return out
    }
}
