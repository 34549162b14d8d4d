import Foundation
import IPCore

/// The kernel's connected routes for an interface (`/proc/net/route`, `/proc/net/ipv6_route`):
/// prefixes on its link that its address masks may not show: a cloud VM's /32 or a DHCPv6
/// /128 with the subnet routed onto the device, or `ip route add PREFIX dev IFACE`.
enum ConnectedRoutes {
    private static let gatewayFlag: UInt32 = 0x0002   // RTF_GATEWAY
    private static let localFlag: UInt32 = 0x8000_0000   // RTF_LOCAL: the host's own address

    /// Routes without a gateway through `interface`; never a default route, a host route to
    /// an own address, or a multicast prefix.
    static func parse(ipv4Table: String, ipv6Table: String, interface: String) -> [IPPrefix] {
        var out: [IPPrefix] = []
        for line in ipv4Table.split(separator: "\n").dropFirst() {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard f.count >= 8, f[0] == interface, let dest = UInt32(f[1], radix: 16), let gateway = UInt32(f[2], radix: 16),
                  let flags = UInt32(f[3], radix: 16), let mask = UInt32(f[7], radix: 16),
                  gateway == 0, flags & gatewayFlag == 0 else { continue }
            // Printed as the host-order reading of network-order bytes.
            let maskBits = UInt32(bigEndian: mask)
            let length = maskBits.leadingZeroBitCount == 0 ? (~maskBits).leadingZeroBitCount : 0
            guard length > 0 else { continue }
            out.append(IPPrefix(masking: .v4(IPv4Address(bits: UInt32(bigEndian: dest))), length: length))
        }
        for line in ipv6Table.split(separator: "\n") {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 10, f[9] == interface, f[0].count == 32, let dest = UInt128(f[0], radix: 16),
                  let length = Int(f[1], radix: 16), let flags = UInt32(f[8], radix: 16),
                  f[4].allSatisfy({ $0 == "0" }), flags & (gatewayFlag | localFlag) == 0,
                  length > 0, length < 128, dest >> 120 != 0xff else { continue }
            out.append(IPPrefix(masking: .v6(IPv6Address(bits: dest)), length: length))
        }
        return out
    }

    /// The live tables; empty where /proc is not mounted.
    static func read(interface: String) -> [IPPrefix] {
        let v4 = (try? String(contentsOfFile: "/proc/net/route", encoding: .utf8)) ?? ""
        let v6 = (try? String(contentsOfFile: "/proc/net/ipv6_route", encoding: .utf8)) ?? ""
        return parse(ipv4Table: v4, ipv6Table: v6, interface: interface)
    }
}
