/// One MAC's claim on an address: when it was first and last heard, how often, and the
/// numbers of a few frames (in capture order) a person can open in Wireshark.
public struct MACClaim: Sendable, Equatable {
    public static let exampleCapacity = 3

    public let mac: MACAddress
    public private(set) var firstSeen: Double
    public private(set) var lastSeen: Double
    public private(set) var frames: Int
    // Three fixed slots instead of an array: one claim per address must not allocate.
    private var example0 = 0, example1 = 0, example2 = 0

    public init(mac: MACAddress, time: Double, frame: Int) {
        self.mac = mac
        firstSeen = time
        lastSeen = time
        frames = 1
        example0 = frame
    }

    public mutating func record(time: Double, frame: Int) {
        if time < firstSeen { firstSeen = time }
        if time > lastSeen { lastSeen = time }
        frames += 1
        if frames == 2 { example1 = frame } else if frames == 3 { example2 = frame }
    }

    public var exampleFrames: [Int] { [example0, example1, example2].prefix(min(frames, Self.exampleCapacity)).map { $0 } }

    /// Closed claim intervals that share an instant: both MACs answered during the same period.
    public func overlaps(_ other: MACClaim) -> Bool {
        firstSeen <= other.lastSeen && other.firstSeen <= lastSeen
    }
}
