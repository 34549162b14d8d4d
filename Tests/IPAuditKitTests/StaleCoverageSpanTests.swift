import IPAuditKit
import IPCore
import Testing

/// `stale-address` counts silence only over watched time: the coverage spans of the address,
/// with the gaps between hourly scans bridged and the gaps between watches weeks apart not.
@Suite struct StaleCoverageSpanTests {
    static let day = 86_400.0, hour = 3600.0

    static func span(_ from: Double, _ to: Double, _ prefix: String = "10.0.0.0/24", domain: String = "h/eth0") throws -> LinkCoverage {
        LinkCoverage(domain: domain, prefix: try IPPrefix(prefix), firstWatched: from, lastWatched: to)
    }

    static func stale(_ coverage: [LinkCoverage], lastSeen: Double? = nil, staleAfter: Double = 30 * day) throws -> [Finding] {
        let observations = lastSeen.map { [Observation(address: "10.0.0.5", mac: "02:00:00:00:00:05", domain: "h/eth0", firstSeen: 10, lastSeen: $0, frames: 3)] } ?? []
        return try WireReconciliationTests.audit("address,name,status\n10.0.0.5,web,active\n", observations,
                                                 coverage: coverage, staleAfter: staleAfter).with(Rule.staleAddress)
    }

    @Test func hourlyOneMinuteScansOverFortyDaysJudgeASilentRecord() throws {
        // As a store that never merged them would hold them: 960 spans of 60 s, 59 minutes apart.
        let scans = try (0..<(40 * 24)).map { try Self.span(Double($0) * Self.hour, Double($0) * Self.hour + 60) }
        let hits = try Self.stale(scans)
        #expect(hits.map(\.address) == ["10.0.0.5"])
        #expect(hits.first?.message.contains("has not seen it for 39d 23h") == true, "\(hits.first?.message ?? "")")
        #expect(hits.first?.evidence["watched_spans"] == .int(960))
        #expect((hits.first?.evidence["watched"]).map { if case .array(let a) = $0 { a.count } else { 0 } } == 20)
        // Seen in the last scan: alive.
        #expect(try Self.stale(scans, lastSeen: 959 * Self.hour + 30).isEmpty)
    }

    @Test func twoOneDayWatchesSixtyDaysApartAreTwoDaysOfWatching() throws {
        let watches = [try Self.span(0, Self.day), try Self.span(60 * Self.day, 61 * Self.day)]
        #expect(try Self.stale(watches).isEmpty)                              // 2 days watched, not 61
        let short = try Self.stale(watches, staleAfter: Self.day)             // the same record, a 1-day threshold
        #expect(short.map(\.address) == ["10.0.0.5"])
        #expect(short.first?.evidence["silent_seconds"] == .double(2 * Self.day))
        #expect(short.first?.message.contains("for 2d of watching h/eth0") == true, "\(short.first?.message ?? "")")
    }

    /// 15 days, a gap, then 15 days less half an hour: 30 days and more when the gap is bridged
    /// (it counts as watched), half an hour short of them when it is not.
    @Test func gapsLongerThanTheBridgeAreNotWatched() throws {
        func watches(gap: Double) throws -> [LinkCoverage] {
            [try Self.span(0, 15 * Self.day), try Self.span(15 * Self.day + gap, 30 * Self.day + gap - 1800)]
        }
        let bridged = try watches(gap: LinkCoverage.bridge)
        #expect(WatchedTime(bridged).spans.count == 1)
        #expect(try Self.stale(bridged).map(\.address) == ["10.0.0.5"])
        let apart = try watches(gap: LinkCoverage.bridge + 1)
        #expect(WatchedTime(apart).spans.count == 2)
        #expect(WatchedTime(apart).watched(after: nil) == 30 * Self.day - 1800)
        #expect(try Self.stale(apart).isEmpty)
    }

    /// A record seen in the first of two watches: the silence is the rest of that watch and the
    /// second one, not the weeks between them.
    @Test func aRecordSeenInOneSpanIsNotSilentBetweenSpans() throws {
        let watches = [try Self.span(0, 40 * Self.day), try Self.span(60 * Self.day, 61 * Self.day)]
        #expect(try Self.stale(watches, lastSeen: 39 * Self.day, staleAfter: 10 * Self.day).isEmpty)
        let hit = try Self.stale(watches, lastSeen: 39 * Self.day, staleAfter: Self.day)
        #expect(hit.first?.evidence["silent_seconds"] == .double(2 * Self.day))
        // Seen in the later span: alive, whatever the earlier one says.
        #expect(try Self.stale(watches, lastSeen: 60.5 * Self.day, staleAfter: Self.hour).map(\.address) == ["10.0.0.5"])
        #expect(try Self.stale(watches, lastSeen: 60.5 * Self.day, staleAfter: Self.day).isEmpty)
    }

    /// Spans of two domains (or two prefixes) holding the address add up once where they overlap.
    @Test func overlappingSpansOfTwoDomainsCountOnce() throws {
        let both = [try Self.span(0, 20 * Self.day), try Self.span(10 * Self.day, 25 * Self.day, "10.0.0.0/16", domain: "g/eth1")]
        #expect(WatchedTime(both).watched(after: nil) == 25 * Self.day)
        #expect(try Self.stale(both).isEmpty)
        #expect(try Self.stale(both, staleAfter: 25 * Self.day).map(\.address) == ["10.0.0.5"])
    }
}
