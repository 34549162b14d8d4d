import IPAuditKit
import Foundation
import IPCore

/// What the kernel knows of an interface that a prober needs: its MAC (the probes' source)
/// and what is on its link: its addresses' prefixes and its connected routes. Needs no privileges.
public struct InterfaceLink: Sendable, Equatable {
    public var name: String
    public var mac: MACAddress
    /// The interface's own addresses.
    public var addresses: Set<IPAddress>
    /// The on-link prefixes its addresses make (fe80::/64 among them when IPv6 is up) and the
    /// routes without a gateway through it.
    public var prefixes: [IPPrefix]

    public init(name: String, mac: MACAddress, addresses: Set<IPAddress>, prefixes: [IPPrefix]) {
        self.name = name
        self.mac = mac
        self.addresses = addresses
        self.prefixes = prefixes
    }

    /// `--arp-sender` must be one of the interface's own IPv4 addresses: the requests write the
    /// sender address with our MAC into every target's ARP cache, so a typo (the gateway's
    /// address) would poison the segment.
    public func checkARPSender(_ sender: IPv4Address) throws(CaptureError) {
        guard !addresses.contains(.v4(sender)) else { return }
        let own = addresses.filter { $0.family == 4 }.sorted().map(\.description)
        throw CaptureError(source: name, "--arp-sender \(sender) is not an address of \(name) (\(own.isEmpty ? "it has no IPv4 address" : "it has \(own.joined(separator: ", "))")); a foreign sender would enter the targets' ARP caches with this host's MAC")
    }

    public static func read(_ name: String) throws(CaptureError) -> InterfaceLink {
        // sysfs, not SIOCGIFHWADDR: no socket needed, and it reads the same after the privilege drop.
        let path = "/sys/class/net/\(name)/address"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let mac = MACAddress(text.trimmingCharacters(in: .whitespacesAndNewlines)), !mac.isZero else {
            throw CaptureError(source: name, "no Ethernet address for the interface (\(path)); probing needs an Ethernet interface")
        }
        var addresses = Set<IPAddress>()
        var prefixes = Set<IPPrefix>()
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else {
            throw CaptureError(source: name, "cannot list interface addresses: \(String(cString: strerror(errno)))")
        }
        defer { freeifaddrs(list) }
        var next = list
        while let entry = next?.pointee {
            next = entry.ifa_next
            guard String(cString: entry.ifa_name) == name, let address = entry.ifa_addr, let mask = entry.ifa_netmask else { continue }
            guard let ip = Self.address(address), let netmask = Self.address(mask) else { continue }
            addresses.insert(ip)
            prefixes.insert(IPPrefix(masking: ip, length: Self.prefixLength(netmask)))
        }
        prefixes.formUnion(ConnectedRoutes.read(interface: name))
        return InterfaceLink(name: name, mac: mac, addresses: addresses, prefixes: prefixes.sorted())
    }

    private static func address(_ sa: UnsafeMutablePointer<sockaddr>) -> IPAddress? {
        switch Int32(sa.pointee.sa_family) {
        case AF_INET:
            return sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                .v4(IPv4Address(bits: UInt32(bigEndian: $0.pointee.sin_addr.s_addr)))
            }
        case AF_INET6:
            return sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                var a = sin6.pointee.sin6_addr
                let bits = withUnsafeBytes(of: &a) { raw in raw.reduce(UInt128(0)) { $0 << 8 | UInt128($1) } }
                return .v6(IPv6Address(bits: bits))
            }
        default:
            return nil
        }
    }

    private static func prefixLength(_ mask: IPAddress) -> Int {
        switch mask {
        case .v4(let a): a.bits.leadingZeroBitCount == 0 ? (~a.bits).leadingZeroBitCount : 0
        case .v6(let a): a.bits.leadingZeroBitCount == 0 ? (~a.bits).leadingZeroBitCount : 0
        }
    }
}
