import IPCore

/// A probe's findings on addresses an inventory holds name the records (name, source, where in
/// it) and, when a record names a MAC, which answering MAC differs from it: of a duplicate's two
/// holders, the one the inventory does not know is the one to chase.
public enum ProbeRecordNotes {
    /// At most this many records are named in a message; evidence keeps every one.
    static let shownInMessage = 3

    /// `findings` with the records naming their address added (evidence `records`, and
    /// `inventory_macs` and `macs_not_in_inventory` when a record names a MAC and an answer
    /// came from another), said at the end of the message too. With `vlan`, records on
    /// another VLAN are another address and left out.
    public static func annotate(_ findings: [Finding], records: [InventoryRecord], vlan: Int? = nil) -> [Finding] {
        var byAddress: [String: [InventoryRecord]] = [:]
        for record in records where record.prefix == nil {
            guard let address = record.address, vlan == nil || record.vlan == nil || record.vlan == vlan else { continue }
            byAddress[address.description, default: []].append(record)
        }
        guard !byAddress.isEmpty else { return findings }
        return findings.map { finding in
            guard let address = finding.address, let named = byAddress[address] else { return finding }
            return annotate(finding, with: named)
        }
    }

    static func annotate(_ finding: Finding, with records: [InventoryRecord]) -> Finding {
        var finding = finding
        finding.evidence["records"] = .array(records.map(evidence))
        let names = records.prefix(shownInMessage).map(described)
        var note = "inventory: " + names.joined(separator: ", ") + (records.count > shownInMessage ? ", +\(records.count - shownInMessage) more" : "")
        let recorded = Set(records.compactMap { $0.mac.flatMap(MACAddress.init) })
        let answered = (finding.macs ?? []).compactMap(MACAddress.init)
        let differing = answered.filter { !recorded.contains($0) }
        if !recorded.isEmpty, !differing.isEmpty {
            let inventoryMACs = recorded.sorted().map(\.description)
            finding.evidence["inventory_macs"] = .array(inventoryMACs.map(JSONValue.string))
            finding.evidence["macs_not_in_inventory"] = .array(differing.sorted().map { .string($0.description) })
            let owners = records.filter { $0.mac.flatMap(MACAddress.init) != nil }.prefix(shownInMessage).map(\.name)
            note += "; \(differing.sorted().map(\.description).joined(separator: ", ")) "
                + "\(differing.count == 1 ? "is not" : "are not") the MAC the inventory records "
                + "(\(inventoryMACs.joined(separator: ", ")) for \(owners.joined(separator: ", ")))"
        }
        finding.message += "; " + note
        return finding
    }

    /// `web-1 (hosts.csv:2)`: the record's name and where it is; the source too when the
    /// location does not show it (a store's rows, a renamed `--source`).
    static func described(_ record: InventoryRecord) -> String {
        let location = record.location
        return location.contains(record.source) ? "\(record.name) (\(location))" : "\(record.name) (\(record.source), \(location))"
    }

    static func evidence(_ record: InventoryRecord) -> JSONValue {
        var object: [String: JSONValue] = ["name": .string(record.name), "source": .string(record.source),
                                           "location": .string(record.location)]
        if let mac = record.mac { object["mac"] = .string(mac) }
        if let vlan = record.vlan { object["vlan"] = .int(vlan) }
        return .object(object)
    }
}
