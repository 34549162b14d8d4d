import IPCore

/// The prefix lengths one block gets, per family. A nil length means "no block of that family".
public struct BlockSize: Sendable, Hashable {
    public var ipv4: Int?
    public var ipv6: Int?

    public init(ipv4: Int? = nil, ipv6: Int? = nil) {
        self.ipv4 = ipv4
        self.ipv6 = ipv6
    }

    public func length(family: Int) -> Int? { family == 4 ? ipv4 : ipv6 }

    /// The smallest IPv4 block with at least `hosts` usable addresses. Network and broadcast
    /// are not usable, except in /31 (RFC 3021: two hosts) and /32 (one host).
    public static func ipv4Length(hosts: Int) -> Int? {
        guard hosts >= 1 else { return nil }
        if hosts == 1 { return 32 }
        if hosts == 2 { return 31 }
        for length in stride(from: 30, through: 0, by: -1) where (UInt64(1) << UInt64(32 - length)) - 2 >= UInt64(hosts) {
            return length
        }
        return nil
    }

    /// The smallest nibble-aligned IPv6 block with at least `hosts` usable addresses (the
    /// subnet-router anycast `::` is not usable), never longer than /64: longer prefixes break
    /// SLAAC, so a role subnet is at least a /64.
    public static func ipv6Length(hosts: Int) -> Int? {
        guard hosts >= 1 else { return nil }
        var length = 64
        while length > 0 && UInt128(1) << UInt128(128 - length) <= UInt128(hosts) { length -= 4 }
        return length
    }

    /// Sizes for `hosts` usable addresses in both families.
    public static func forHosts(_ hosts: Int) -> BlockSize? {
        guard let v4 = ipv4Length(hosts: hosts), let v6 = ipv6Length(hosts: hosts) else { return nil }
        return BlockSize(ipv4: v4, ipv6: v6)
    }
}
