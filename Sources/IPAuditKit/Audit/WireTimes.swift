import Foundation

/// When the wire saw an address: first and last seen and the age (from the last sighting to the
/// store's latest news of the wire, so an audit of one store does not change by the clock), as
/// the three wire-and-inventory rules (`unknown-address`, `mac-mismatch`, `stale-address`) say it.
struct WireTimes {
    let firstSeen: Double
    let lastSeen: Double
    let now: Double

    init(_ seen: [Observation], now: Double) {
        firstSeen = seen.map(\.firstSeen).min() ?? 0
        lastSeen = seen.map(\.lastSeen).max() ?? 0
        self.now = now
    }

    var age: Double { max(0, now - lastSeen) }

    var evidence: [String: JSONValue] {
        ["first_seen": .double(firstSeen), "last_seen": .double(lastSeen), "age_seconds": .double(age.rounded(.down))]
    }

    var text: String {
        "first seen \(Self.date(firstSeen)), last seen \(Self.date(lastSeen)) (age \(Self.duration(age)))"
    }

    static func date(_ seconds: Double) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date(timeIntervalSince1970: seconds))
    }

    /// `45s`, `12m`, `3h`, `2d 4h`: the two largest units.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.down))
        let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60)
        if d > 0 { return h > 0 ? "\(d)d \(h)h" : "\(d)d" }
        if h > 0 { return m > 0 ? "\(h)h \(m)m" : "\(h)h" }
        if m > 0 { return "\(m)m" }
        return "\(s)s"
    }
}
