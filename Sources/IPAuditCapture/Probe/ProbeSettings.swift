/// How hard and how long `ipaudit probe` asks.
public struct ProbeSettings: Sendable {
    /// arp-scan's default bandwidth, 256 kbit/s, in 64-byte frames.
    public static let defaultRate = 500.0
    /// Probes per second; nil: as fast as the socket takes them.
    public var rate: Double? = defaultRate
    /// Rounds after the first, each for the targets still silent.
    public var retries = 2
    /// Seconds listened after each round's last probe.
    public var wait = 0.5

    public init() {}
}
