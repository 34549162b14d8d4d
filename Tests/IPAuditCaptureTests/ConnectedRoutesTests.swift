import Foundation
import IPCore
import Testing
@testable import IPAuditCapture

/// The on-link prefixes the routing tables add: lines as Linux prints them (taken from a VM
/// with a /32 IPv4 address and a /128 DHCPv6 address, subnets routed onto the device).
@Suite struct ConnectedRoutesTests {
    static let ipv4 = """
        Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
        ens5\t00000000\t0100D50A\t0003\t0\t0\t100\t00000000\t0\t0\t0
        ens5\t0000D50A\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
        ens5\t0032A8C0\t0100D50A\t0003\t0\t0\t0\t00FFFFFF\t0\t0\t0
        ens5\t0900D50A\t00000000\t0005\t0\t0\t0\tFFFFFFFF\t0\t0\t0
        ens6\t00003C0A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
        """
    static let ipv6 = """
        fd5a1f00000000130000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     ens5
        fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000002 00000000 00000001     ens5
        00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000003 00000000 00000003     ens5
        fd5a1f00000000140000000000000000 40 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000003 00000000 00000003     ens5
        fd5a1f00000000130000000000000005 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000003 00000000 80200001     ens5
        ff000000000000000000000000000000 08 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000003 00000000 00000001     ens5
        """

    @Test func connectedRoutesOfTheInterfaceOnly() throws {
        let prefixes = ConnectedRoutes.parse(ipv4Table: Self.ipv4, ipv6Table: Self.ipv6, interface: "ens5").map(\.description)
        // Not: the default route, the gateway route to 192.168.50/24, ens6's, the own /128, multicast.
        #expect(prefixes == ["10.213.0.0/24", "10.213.0.9/32", "fd5a:1f00:0:13::/64", "fe80::/64"])
        #expect(ConnectedRoutes.parse(ipv4Table: Self.ipv4, ipv6Table: "", interface: "ens6").map(\.description) == ["10.60.0.0/16"])
    }

    /// The live table of this machine agrees with `ip route` (iproute2 as the oracle).
    @Test func theLiveTableMatchesIPRoute() throws {
        let route = try ProcessRunner.run("/usr/sbin/ip", ["-4", "route", "show", "table", "main", "scope", "link"]).stdout
        #expect(!route.isEmpty, "no connected route on this machine to compare")
        for line in route.split(separator: "\n") where !line.hasPrefix("default") {
            let parts = line.split(separator: " ")
            guard let devIndex = parts.firstIndex(of: "dev"), devIndex + 1 < parts.count else { continue }
            let dev = String(parts[devIndex + 1])
            let prefix = String(parts[0]).contains("/") ? String(parts[0]) : "\(parts[0])/32"
            #expect(ConnectedRoutes.read(interface: dev).map(\.description).contains(prefix), "\(line)")
        }
    }
}
