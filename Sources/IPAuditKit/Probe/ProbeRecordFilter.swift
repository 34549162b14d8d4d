import IPCore

/// Which inventory and store records `ipaudit probe` expects to answer: the addresses audit
/// itself counts as in use. A finished task, a reserved or deprecated NetBox row, or an address
/// on a host-local bridge (docker0, mesos-bridge) is not on the wire, so its silence is no news.
public enum ProbeRecordFilter {
    /// The addresses expected to answer, in record order, and how many rows were left out.
    public static func expected(_ records: [InventoryRecord]) -> (addresses: [IPAddress], leftOut: Int) {
        var addresses: [IPAddress] = []
        var leftOut = 0
        for record in records {
            guard let address = record.address, record.prefix == nil else { continue }
            guard record.live, !HostLocalNetworks.names.contains(record.network?.lowercased() ?? "") else {
                leftOut += 1
                continue
            }
            addresses.append(address)
        }
        return (addresses, leftOut)
    }
}
