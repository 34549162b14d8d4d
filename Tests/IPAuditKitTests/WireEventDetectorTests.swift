import IPAuditKit
import Testing

/// arpwatch's four events, and the sightings that must raise none.
@Suite struct WireEventDetectorTests {
    static let a = "02:00:00:00:00:0a", b = "02:00:00:00:00:0b", c = "02:00:00:00:00:0c"
    static let day = 86_400.0

    static func seen(_ mac: String, _ first: Double, _ last: Double? = nil, address: String = "10.0.0.5",
                     domain: String = "h/eth0") -> Observation {
        Observation(address: address, mac: mac, domain: domain, firstSeen: first, lastSeen: last ?? first, frames: 1)
    }

    func kinds(known: [Observation], batch: [Observation]) -> [WireEvent.Kind] {
        WireEventDetector.events(known: known, batch: batch).map(\.kind)
    }

    @Test func firstSightingIsANewStationAndTheSameMACAgainIsNothing() {
        let events = WireEventDetector.events(known: [], batch: [Self.seen(Self.a, 100, 200)])
        #expect(events == [WireEvent(time: 100, kind: .newStation, domain: "h/eth0", address: "10.0.0.5", mac: Self.a, previousMAC: nil)])
        #expect(kinds(known: [Self.seen(Self.a, 100, 200)], batch: [Self.seen(Self.a, 300, 400)]).isEmpty)
        // Even after a year of silence: the same station back is no change of station.
        #expect(kinds(known: [Self.seen(Self.a, 100, 200)], batch: [Self.seen(Self.a, 200 + 365 * Self.day)]).isEmpty)
    }

    @Test func anotherMACIsAChangedMACNamingTheOldOne() {
        let events = WireEventDetector.events(known: [Self.seen(Self.a, 100, 200)], batch: [Self.seen(Self.b, 300)])
        #expect(events.map(\.kind) == [.changedMAC])
        #expect(events.first?.previousMAC == Self.a)
        #expect(events.first?.time == 300)
    }

    @Test func returningToTheMACBeforeTheLastSoonIsAFlipFlop() {
        let known = [Self.seen(Self.a, 100, 200), Self.seen(Self.b, 300, 400)]
        let events = WireEventDetector.events(known: known, batch: [Self.seen(Self.a, 500)])
        #expect(events.map(\.kind) == [.flipFlop])
        #expect(events.first?.previousMAC == Self.b)
    }

    @Test func aMACBackAfterALongSilenceMovedBack() {
        let known = [Self.seen(Self.a, 100, 200), Self.seen(Self.b, 300, 400)]
        #expect(kinds(known: known, batch: [Self.seen(Self.a, 200 + 7 * Self.day)]) == [.movedBack])
        // Just under the bound it is still a flip-flop.
        #expect(kinds(known: known, batch: [Self.seen(Self.a, 200 + 7 * Self.day - 1)]) == [.flipFlop])
    }

    @Test func anOlderMACThatIsNotThePreviousOneSoonIsAChangedMAC() {
        let known = [Self.seen(Self.a, 100, 200), Self.seen(Self.b, 300, 400), Self.seen(Self.c, 500, 600)]
        // a is neither the current (c) nor the previous (b), and silent for less than a week.
        #expect(kinds(known: known, batch: [Self.seen(Self.a, 700)]) == [.changedMAC])
    }

    @Test func twoMACsInOneBatchAreJudgedInTimeOrder() {
        // A duplicate seen in one flush: the first is new, the second changes it.
        let events = WireEventDetector.events(known: [], batch: [Self.seen(Self.b, 120, 190), Self.seen(Self.a, 110, 200)])
        #expect(events.map(\.kind) == [.newStation, .changedMAC])
        #expect(events.map(\.mac) == [Self.a, Self.b])
        // The next flush of the same duplicate: a is current again (no event), b flip-flops back.
        let next = WireEventDetector.events(known: [Self.seen(Self.a, 110, 200), Self.seen(Self.b, 120, 190)],
                                            batch: [Self.seen(Self.a, 210, 300), Self.seen(Self.b, 220, 290)])
        #expect(next.map(\.kind) == [.flipFlop])
    }

    @Test func domainsAndAddressesAreSeparateStations() {
        let known = [Self.seen(Self.a, 100, 200)]
        // The same address on another VLAN, and another address of the same MAC: both new.
        let events = WireEventDetector.events(known: known, batch: [
            Self.seen(Self.b, 300, domain: "h/eth0/vlan:20"), Self.seen(Self.a, 300, address: "10.0.0.6"),
        ])
        #expect(events.map(\.kind) == [.newStation, .newStation])
        // Stored rows of stations the batch does not name change nothing.
        #expect(kinds(known: [Self.seen(Self.a, 100, 200, address: "10.0.0.9")], batch: [Self.seen(Self.b, 300)]) == [.newStation])
    }

    @Test func aBindingTheStoreAlreadyHeldIsNoEvent() {
        // The same capture read again: a (100-200) then b (300-400) are stored; the replay's a is
        // the MAC before the last, but brings nothing newer than what is stored.
        let known = [Self.seen(Self.a, 100, 200), Self.seen(Self.b, 300, 400)]
        #expect(kinds(known: known, batch: [Self.seen(Self.a, 100, 200), Self.seen(Self.b, 300, 400)]).isEmpty)
        // One frame later than stored is news again.
        #expect(kinds(known: known, batch: [Self.seen(Self.a, 100, 401)]) == [.flipFlop])
    }
}
