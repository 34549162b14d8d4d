import IPAuditKit

/// Feeds captured frames to the analyzers (the capture loop's sink): one per capture interface,
/// because each interface of a pcapng file is its own L2 domain.
struct AnalyzerSink: PacketSink {
    private(set) var analyzers: [WireAnalyzer?]
    let policy: ScanPolicy
    let domainBase: String

    init(policy: ScanPolicy, domainBase: String) {
        self.policy = policy
        self.domainBase = domainBase
        analyzers = [WireAnalyzer(policy: policy, domainBase: domainBase)]
    }

    mutating func startInterface(_ index: Int, domainSuffix: String?) {
        while analyzers.count <= index { analyzers.append(nil) }
        analyzers[index] = WireAnalyzer(policy: policy, domainBase: domainBase + (domainSuffix ?? ""))
    }

    mutating func packet(_ bytes: UnsafeRawBufferPointer, linkType: LinkType, time: Double, frame: Int, interface: Int) {
        analyzers[interface]!.process(bytes, linkType: linkType, time: time, frame: frame)
    }

    /// The analyzers that saw frames (interface 0 always, for an empty capture's stats).
    var active: [WireAnalyzer] {
        analyzers.enumerated().compactMap { i, a in i == 0 || a != nil ? a : nil }
    }

    var packets: Int { active.reduce(0) { $0 + $1.counters.packets } }
    var multiMACAddresses: Int { active.reduce(0) { $0 + $1.counters.multiMACAddresses } }
    var trackedAddresses: Int { active.reduce(0) { $0 + $1.trackedAddresses } }
    var observations: [Observation] { active.flatMap { $0.observations() } }

    /// `scan --watch`: drops idle state on every interface; the dropped bindings' observations.
    mutating func retireIdle(now: Double) -> [Observation] {
        var dropped: [Observation] = []
        for i in analyzers.indices where analyzers[i] != nil { dropped += analyzers[i]!.retireIdle(now: now) }
        return dropped
    }
}
