import IPAuditKit
/// One MAC's claim on an address: when it was first and last heard, how often, and the
/// numbers of a few frames (in capture order) a person can open in Wireshark.
///
/// 40 bytes: a million addresses are a million of these, so counts are 32-bit, and the ways
/// the claim was heard (`BindingMethods`) ride in the top bits of the frame count.
public struct MACClaim: Sendable, Equatable {
    public static let exampleCapacity = 3

    public let mac: MACAddress
    public private(set) var firstSeen: Double
    public private(set) var lastSeen: Double
    /// Frames in the low 27 bits (saturating), `BindingMethods` in the top 5.
    private var count: UInt32
    private static let frameMask: UInt32 = (1 << 27) - 1
    // Three fixed slots instead of an array: one claim per address must not allocate.
    private var example0: UInt32, example1: UInt32 = 0, example2: UInt32 = 0

    public init(mac: MACAddress, time: Double, frame: Int, via method: BindingMethods = []) {
        self.mac = mac
        firstSeen = time
        lastSeen = time
        count = 1 | UInt32(method.rawValue) << 27
        example0 = UInt32(truncatingIfNeeded: frame)
    }

    public var frames: Int { Int(count & Self.frameMask) }

    /// How the claim was heard: ARP, NDP, DHCP, DHCPv6, and IP packets from the address once
    /// it was contested.
    public var methods: BindingMethods { BindingMethods(rawValue: UInt8(count >> 27)) }

    /// The empty claim (no frames), used as "none" inside `BindingEntry`.
    static let none: MACClaim = {
        var c = MACClaim(mac: MACAddress(bits: 0), time: 0, frame: 0)
        c.count = 0
        return c
    }()

    public mutating func record(time: Double, frame: Int, via method: BindingMethods = []) {
        if time < firstSeen { firstSeen = time }
        if time > lastSeen { lastSeen = time }
        count |= UInt32(method.rawValue) << 27
        if count & Self.frameMask < Self.frameMask { count += 1 }
        let n = count & Self.frameMask
        if n == 2 { example1 = UInt32(truncatingIfNeeded: frame) } else if n == 3 { example2 = UInt32(truncatingIfNeeded: frame) }
    }

    public var exampleFrames: [Int] { [example0, example1, example2].prefix(min(frames, Self.exampleCapacity)).map { Int($0) } }

    /// Both MACs answered during the same period: their claim intervals, each widened by
    /// `grace`, share an instant. Without the grace, two MACs answering one request
    /// milliseconds apart (one frame each, the classic duplicate) would never overlap.
    public func overlaps(_ other: MACClaim, grace: Double) -> Bool {
        firstSeen <= other.lastSeen + grace && other.firstSeen <= lastSeen + grace
    }
}

/// The evidence a claim was heard by, as the bindings table names it.
public struct BindingMethods: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x1f }

    public static let arp = BindingMethods(rawValue: 1)
    public static let ndp = BindingMethods(rawValue: 2)
    public static let dhcp = BindingMethods(rawValue: 4)
    public static let dhcpv6 = BindingMethods(rawValue: 8)
    /// IP packets the claimant sent from the address once another MAC claimed it too.
    public static let ipSource = BindingMethods(rawValue: 16)

    public var names: [String] {
        [(Self.arp, "arp"), (.ndp, "ndp"), (.dhcp, "dhcp"), (.dhcpv6, "dhcpv6"), (.ipSource, "ip-source")]
            .filter { contains($0.0) }.map(\.1)
    }
}
