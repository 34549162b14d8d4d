/// How hard and how long `ipaudit probe` asks.
public struct ProbeSettings: Sendable {
    /// arp-scan's default bandwidth, 256 kbit/s, in 64-byte frames.
    public static let defaultRate = 500.0
    /// Probes per second; nil: as fast as the socket takes them.
    public var rate: Double? = defaultRate
    /// Probes after the first, each to a target still silent.
    public var retries = 2
    /// Seconds a probe is given to be answered before its target is asked again, and listened
    /// after the last probe.
    public var wait = 0.5
    /// `--dhcp`, `--routers`: DHCPDISCOVER, SOLICIT and Router Solicitation frames sent once at
    /// the start, and how long their answers are listened for (servers that check an address
    /// before offering it, as dnsmasq pings it, take a moment; a router answers a solicitation
    /// no sooner than 3 s after its last RA, RFC 4861 §6.2.6).
    public var solicitations: [[UInt8]] = []
    public var solicitationWait = 4.0

    public init() {}
}
