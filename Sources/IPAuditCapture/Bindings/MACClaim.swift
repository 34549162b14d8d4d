import IPAuditKit
/// One MAC's claim on an address: when it was first and last heard, how often, and the
/// numbers of a few frames (in capture order) a person can open in Wireshark.
///
/// 40 bytes: a million addresses are a million of these, so counts are 32-bit.
public struct MACClaim: Sendable, Equatable {
    public static let exampleCapacity = 3

    public let mac: MACAddress
    public private(set) var firstSeen: Double
    public private(set) var lastSeen: Double
    private var count: UInt32
    // Three fixed slots instead of an array: one claim per address must not allocate.
    private var example0: UInt32, example1: UInt32 = 0, example2: UInt32 = 0

    public init(mac: MACAddress, time: Double, frame: Int) {
        self.mac = mac
        firstSeen = time
        lastSeen = time
        count = 1
        example0 = UInt32(truncatingIfNeeded: frame)
    }

    public var frames: Int { Int(count) }

    /// The empty claim (no frames), used as "none" inside `BindingEntry`.
    static let none: MACClaim = {
        var c = MACClaim(mac: MACAddress(bits: 0), time: 0, frame: 0)
        c.count = 0
        return c
    }()

    public mutating func record(time: Double, frame: Int) {
        if time < firstSeen { firstSeen = time }
        if time > lastSeen { lastSeen = time }
        if count < .max { count += 1 }
        if count == 2 { example1 = UInt32(truncatingIfNeeded: frame) } else if count == 3 { example2 = UInt32(truncatingIfNeeded: frame) }
    }

    public var exampleFrames: [Int] { [example0, example1, example2].prefix(min(frames, Self.exampleCapacity)).map { Int($0) } }

    /// Both MACs answered during the same period: their claim intervals, each widened by
    /// `grace`, share an instant. Without the grace, two MACs answering one request
    /// milliseconds apart (one frame each, the classic duplicate) would never overlap.
    public func overlaps(_ other: MACClaim, grace: Double) -> Bool {
        firstSeen <= other.lastSeen + grace && other.firstSeen <= lastSeen + grace
    }
}
