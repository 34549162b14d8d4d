/// Coverage as time intervals: each (L2 domain, prefix) keeps the spans it was watched, not one
/// earliest-to-latest span, so a watch in January and one in March do not count February as
/// watched. Gaps of at most `LinkCoverage.bridge` between two spans count as watched: hourly
/// cron scans of a minute each make one span, not sixty seconds an hour.
extension LinkCoverage {
    /// The longest gap between two watches of one (domain, prefix) that still counts as watched.
    /// Two hours: an hourly scan that missed one run stays one span; a daily or weekly scan
    /// leaves its gaps unwatched (nothing was there to see a host leave or come back).
    public static let bridge: Double = 2 * 3600

    /// The span `new` makes with the stored spans of its (domain, prefix) that lie within
    /// `bridge` of it (the engines select and delete those, then store this one). The stored
    /// spans are already more than `bridge` apart, so one merge keeps them so.
    public static func merged(_ new: LinkCoverage, with near: [(first: Double, last: Double)]) -> LinkCoverage {
        var out = new
        for span in near {
            out.firstWatched = min(out.firstWatched, span.first)
            out.lastWatched = max(out.lastWatched, span.last)
        }
        return out
    }
}

/// The time one address was watched: the union of the coverage spans holding it (any domain,
/// any prefix), gaps of at most `LinkCoverage.bridge` bridged as the stores do. Spans written
/// by two writers at once may overlap in a store; the union takes them as one.
public struct WatchedTime: Sendable {
    /// Sorted, disjoint spans, each more than `bridge` from the next.
    public private(set) var spans: [(first: Double, last: Double)] = []

    public init(_ coverage: some Sequence<LinkCoverage>, bridge: Double = LinkCoverage.bridge) {
        for c in coverage.sorted(by: { $0.firstWatched < $1.firstWatched }) {
            if let last = spans.last, c.firstWatched <= last.last + bridge {
                spans[spans.count - 1].last = max(last.last, c.lastWatched)
            } else {
                spans.append((c.firstWatched, c.lastWatched))
            }
        }
    }

    /// Seconds watched after `moment` (all of them for nil): the silence a host that was last
    /// seen at `moment` kept while someone was looking.
    public func watched(after moment: Double?) -> Double {
        spans.reduce(0) { total, span in
            total + max(0, span.last - max(span.first, moment ?? -.infinity))
        }
    }
}
