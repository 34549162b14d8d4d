import IPCore

/// One change in who answers for an address in one L2 domain, as arpwatch reports them.
/// The store records these in the same transaction that saves the observations they come from.
public struct WireEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The address was never seen in this domain before.
        case newStation = "new station"
        /// A MAC other than the last one answers (a MAC never seen with the address, or one
        /// seen but neither the previous one nor silent for long).
        case changedMAC = "changed MAC"
        /// The MAC before the last one answers again while it was silent for less than
        /// `WireEventPolicy.reappearAfter`: two stations trading the address back and forth.
        case flipFlop = "flip-flop"
        /// A MAC seen with the address earlier answers again after a silence of at least
        /// `WireEventPolicy.reappearAfter`: the address moved back to an old station.
        case movedBack = "moved back"
    }

    /// Epoch seconds: the first frame of the binding in the batch that raised the event.
    public var time: Double
    public var kind: Kind
    public var domain: String
    public var address: String
    public var mac: String
    /// The MAC that answered before (nil for a new station).
    public var previousMAC: String?

    public init(time: Double, kind: Kind, domain: String, address: String, mac: String, previousMAC: String?) {
        self.time = time
        self.kind = kind
        self.domain = domain
        self.address = address
        self.mac = mac
        self.previousMAC = previousMAC
    }
}

/// How long a MAC must be silent before its return counts as `moved back` (arpwatch's idea of a
/// station gone and back) rather than `flip-flop`.
public struct WireEventPolicy: Sendable {
    public var reappearAfter: Double

    public init(reappearAfter: Double = 7 * 86_400) {
        self.reappearAfter = reappearAfter
    }
}

/// The events a batch of observations raises against what the store knew before it: one pure
/// function, so SQLite and PostgreSQL record the same events for the same saves.
public enum WireEventDetector {
    /// `known`: the stored rows of every (domain, address) the batch names, before the batch is
    /// merged (any order; other rows are ignored). `batch`: what is being saved.
    ///
    /// Per (domain, address) the bindings are taken in time order (first frame in the batch).
    /// The current MAC is the one last seen latest; the previous MAC the one last seen before it.
    /// The current MAC again is no event, whatever the silence (arpwatch's "new activity" is not
    /// a change of station); nor is a binding the store already held up to its last frame (a
    /// capture read into the store twice).
    public static func events(known: [Observation], batch: [Observation],
                              policy: WireEventPolicy = WireEventPolicy()) -> [WireEvent] {
        struct Key: Hashable { var domain: String; var address: IPAddress }
        var byKey: [Key: [Observation]] = [:]
        for o in batch { byKey[Key(domain: o.domain, address: o.address), default: []].append(o) }
        var history: [Key: [MACAddress: Double]] = [:]  // MAC -> last seen
        for o in known {
            let key = Key(domain: o.domain, address: o.address)
            guard byKey[key] != nil else { continue }
            history[key, default: [:]][o.mac] = max(history[key]?[o.mac] ?? -.infinity, o.lastSeen)
        }
        var events: [WireEvent] = []
        for (key, observations) in byKey {
            var seen = history[key] ?? [:]
            let ordered = observations.sorted { ($0.firstSeen, $0.mac) < ($1.firstSeen, $1.mac) }
            for o in ordered {
                let ranked = seen.sorted { ($0.value, $0.key) > ($1.value, $1.key) }
                let current = ranked.first?.key, previous = ranked.dropFirst().first?.key
                var kind: WireEvent.Kind?
                if let last = seen[o.mac], o.lastSeen <= last {
                    // Nothing the store did not already hold (the same capture saved again).
                    kind = nil
                } else if current == nil {
                    kind = .newStation
                } else if o.mac != current {
                    if let last = seen[o.mac], o.firstSeen - last >= policy.reappearAfter {
                        kind = .movedBack
                    } else if o.mac == previous {
                        kind = .flipFlop
                    } else {
                        kind = .changedMAC
                    }
                }
                if let kind {
                    events.append(WireEvent(time: o.firstSeen, kind: kind, domain: key.domain, address: key.address.description,
                                            mac: o.mac.description, previousMAC: current?.description))
                }
                seen[o.mac] = max(seen[o.mac] ?? -.infinity, o.lastSeen)
            }
        }
        return events.sorted { ($0.time, $0.domain, $0.address, $0.mac) < ($1.time, $1.domain, $1.address, $1.mac) }
    }
}
