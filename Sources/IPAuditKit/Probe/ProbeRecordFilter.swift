import IPCore

/// Which inventory and store records `ipaudit probe` expects to answer: the addresses audit
/// itself counts as in use. A finished task, a reserved or deprecated NetBox row, or an address
/// on a host-local bridge (docker0, mesos-bridge) is not on the wire, so its silence is no news.
public enum ProbeRecordFilter {
    /// The addresses expected to answer, in record order, and how many rows were left out.
    /// - Parameters:
    ///   - vlan: `--vlan`: only rows on that VLAN count, or (rows that name no VLAN) inside
    ///     one of `vlanPrefixes`. A row on another VLAN, or unplaced, is left out: the
    ///     trunk's own addresses say nothing of where it lives.
    public static func expected(_ records: [InventoryRecord], vlan: Int? = nil,
                                vlanPrefixes: [IPPrefix] = []) -> (addresses: [IPAddress], leftOut: Int) {
        var addresses: [IPAddress] = []
        var leftOut = 0
        for record in records {
            guard let address = record.address, record.prefix == nil else { continue }
            guard record.live, !HostLocalNetworks.names.contains(record.network?.lowercased() ?? ""),
                  vlan == nil || record.vlan == vlan || (record.vlan == nil && vlanPrefixes.contains { $0.contains(address) })
            else {
                leftOut += 1
                continue
            }
            addresses.append(address)
        }
        return (addresses, leftOut)
    }

    /// The prefixes records place on `vlan` (NetBox prefixes and subnet rows with that VLAN):
    /// with a VLAN subinterface's own prefixes, what `--vlan` takes as the VLAN's link.
    public static func prefixes(_ records: [InventoryRecord], onVLAN vlan: Int) -> [IPPrefix] {
        records.compactMap { $0.live && $0.vlan == vlan ? $0.prefix : nil }
    }
}
