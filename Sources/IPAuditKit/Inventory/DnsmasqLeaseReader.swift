/// Reads dnsmasq's lease file (`/var/lib/misc/dnsmasq.leases`), one lease per line, fields
/// separated by spaces:
///
/// - DHCPv4: `EXPIRY MAC ADDRESS HOSTNAME CLIENT-ID` (a MAC of another hardware type than
///   Ethernet carries its type first, `06-aa:bb:...`; older files have no client id);
/// - `duid SERVER-DUID`: the server's DUID, written before the DHCPv6 leases;
/// - DHCPv6: `EXPIRY IAID ADDRESS HOSTNAME CLIENT-DUID` (`T` before the IAID: a temporary address).
///
/// EXPIRY is in seconds since the epoch, 0 for a lease that never ends; `*` stands for an
/// unknown hostname or client id. Each lease is a row of role `other` named by its hostname,
/// else by the client's MAC (v4) or DUID (v6); the client (`mac:...`, `duid:...`) is its
/// entity id, so two clients sending one hostname stay two entities. The expiry is kept as
/// the `lease_expires` label: whether a lease has run out depends on when the file is read.
enum DnsmasqLeaseReader {
    static func read(_ bytes: [UInt8], into rows: inout InventoryRowBuilder, tally: inout ReadTally) throws {
        try UTF8Check.check(bytes, file: rows.file)
        var v6 = false
        var number = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            let fields = String(decoding: line, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            if fields.isEmpty { continue }
            // dnsmasq writes the v4 leases, then the server DUID, then the v6 leases.
            if fields[0] == "duid" { v6 = true; continue }
            tally.count("leases")
            try rows.attempt { rows in
                rows.begin(line: number)
                try lease(fields, v6: v6, into: &rows)
            }
        }
    }

    private static func lease(_ f: [String], v6: Bool, into rows: inout InventoryRowBuilder) throws {
        let names = v6 ? ["expiry", "iaid", "address", "hostname", "duid"] : ["expiry", "mac", "address", "hostname", "client_id"]
        guard f.count >= 4 else {
            throw rows.failRow(field: names[f.count], "missing: a \(v6 ? "DHCPv6" : "DHCPv4") lease is \(names.joined(separator: " ")), found \(f.count) field\(f.count == 1 ? "" : "s")")
        }
        guard f.count <= 5 else { throw rows.failRow("a lease has at most 5 fields (\(names.joined(separator: " "))), found \(f.count)") }
        guard let expiry = UInt64(f[0]) else {
            throw rows.fail("expiry", "expected seconds since the epoch (0: never expires), found \"\(f[0])\"")
        }
        rows.label("lease_expires", expiry == 0 ? "never" : f[0])
        let isV6Address = f[2].contains(":")
        if isV6Address != v6 {
            throw rows.fail("address", v6 ? "a DHCPv6 lease (after the duid line) holds an IPv6 address, found \"\(f[2])\""
                                           : "a DHCPv4 lease holds an IPv4 address, found \"\(f[2])\" (is the 'duid' line missing before the DHCPv6 leases?)")
        }
        try rows.address(f[2], field: "address")
        let client = f.count == 5 && f[4] != "*" ? f[4].lowercased() : nil
        var clientName: String?
        if v6 {
            let iaid = f[1].hasPrefix("T") ? String(f[1].dropFirst()) : f[1]
            guard UInt32(iaid) != nil else {
                throw rows.fail("iaid", "expected the IAID, a number (T before it: a temporary address), found \"\(f[1])\"")
            }
            if let client {
                guard isHexOctets(client) else { throw rows.fail("duid", "expected the client DUID as hex octets (00:01:...) or *, found \"\(f[4])\"") }
                rows.label(InventoryLabel.entityID, "duid:\(client)")
                clientName = "duid \(client)"
            }
        } else {
            guard let mac = hardwareAddress(f[1]) else {
                throw rows.fail("mac", "expected a hardware address (aa:bb:cc:dd:ee:ff, or its type first: 06-aa:bb:...), found \"\(f[1])\"")
            }
            rows.mac(.string(mac))
            rows.label(InventoryLabel.entityID, "mac:\(mac)")
            clientName = mac
            if let client {
                guard isHexOctets(client) else { throw rows.fail("client_id", "expected the client id as hex octets (01:aa:...) or *, found \"\(f[4])\"") }
                rows.label("client_id", client)
            }
        }
        // `*`: the client sent no hostname. The client itself names the row; with no client
        // either, the builder names it by its address and marks it unassigned.
        if f[3] != "*" { rows.name(.string(f[3])) } else if let clientName { rows.name(.string(clientName)) }
        try rows.finish()
    }

    /// An Ethernet MAC in the form findings use; another hardware type as written (lower case).
    private static func hardwareAddress(_ text: String) -> String? {
        if let mac = MACAddress(text), !text.contains("-") { return mac.description }
        let lower = text.lowercased()
        let parts = lower.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, UInt8(parts[0], radix: 16) != nil, isHexOctets(String(parts[1])) else { return nil }
        return lower
    }

    /// `00:01:ab` (dnsmasq writes client ids and DUIDs as colon-separated hex octets).
    private static func isHexOctets(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { ($0.count == 1 || $0.count == 2) && UInt8($0, radix: 16) != nil }
    }
}
