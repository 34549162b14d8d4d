import Foundation
import IPAuditKit
import IPAuditPostgres
import IPCore

// query-bench year STORE [DAYS]   replays DAYS (365) of `scan --watch` on a busy /16 into STORE, one
//                                 flush per day through the watcher's own store wrapper (retention
//                                 applied at each flush), and prints the store's rows at the end.
// query-bench fill STORE N        writes N observations (N addresses in 10.0.0.0/8, one MAC each)
//                                 and N/10 inventory records.
// query-bench show STORE [ROUNDS] times `show ADDRESS` against the plain indexed read of the same
//                                 address's observation rows, both in this process on the same store.

func fail(_ text: String) -> Never {
    FileHandle.standardError.write(Data("query-bench: \(text)\n".utf8))
    exit(2)
}

func mac(_ n: Int) -> String {
    String(format: "02:%02x:%02x:%02x:%02x:%02x", (n >> 32) & 0xFF, (n >> 24) & 0xFF, (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF)
}

func address(_ n: Int) -> String { "10.\((n >> 16) & 0xFF).\((n >> 8) & 0xFF).\(n & 0xFF)" }

/// A deterministic generator, so two runs replay the same year.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// A busy /16 (10.1.0.0/16): 40,000 addresses in use, a host behind each. Every day 500 hosts
/// leave and their addresses go to new hosts (DHCP reuse: changed MAC), 300 addresses are taken for
/// the first time, 50 old hosts come back to their old address (moved back), 20 pairs trade an
/// address (flip-flop), and each live host is seen (one flush per day holds each binding of the day).
func year(_ location: String, days: Int) throws {
    let store = try StoreLocator.open(location) as! any QueryableStore
    try store.setRetention(90 * 86_400)
    var watcher = RetentionOnFlush(store: store) { fail("prune failed: \($0)") }
    // A day's flush stands for a day of hourly flushes: as many prune batches as those would run.
    watcher.batchesPerFlush = 24
    var rng = SplitMix(state: 42)
    var owner: [Int: Int] = [:]           // address index in the /16 -> host id
    var previous: [Int: Int] = [:]        // address -> the host before the current one
    var used = Array(0..<40_000)
    var free = Array(40_000..<65_534)
    var nextHost = 1
    for a in used { owner[a] = nextHost; nextHost += 1 }
    let start = 1_700_000_000.0
    let began = Date()
    func text(_ a: Int) -> String { "10.1.\(a >> 8).\(a & 0xFF)" }
    for day in 0..<days {
        let t = start + Double(day) * 86_400
        for _ in 0..<500 {
            let a = used[rng.below(used.count)]
            previous[a] = owner[a]
            owner[a] = nextHost
            nextHost += 1
        }
        for _ in 0..<300 where !free.isEmpty {
            let i = rng.below(free.count)
            free.swapAt(i, free.count - 1)
            let a = free.removeLast()
            used.append(a)
            owner[a] = nextHost
            nextHost += 1
        }
        for _ in 0..<50 {
            let a = used[rng.below(used.count)]
            if let back = previous[a] { previous[a] = owner[a]; owner[a] = back }
        }
        var batch: [Observation] = []
        batch.reserveCapacity(owner.count + 20)
        for (a, host) in owner {
            let first = t + Double(rng.below(3600)), last = first + 3600 + Double(rng.below(80_000))
            batch.append(Observation(address: text(a), mac: mac(host), domain: "gw1/eth0",
                                     firstSeen: first, lastSeen: last, frames: 10 + rng.below(2000)))
        }
        for _ in 0..<20 {
            // The host before answers for an hour in the middle of the day: a flip-flop pair.
            let a = used[rng.below(used.count)]
            guard let other = previous[a] else { continue }
            batch.append(Observation(address: text(a), mac: mac(other), domain: "gw1/eth0",
                                     firstSeen: t + 40_000, lastSeen: t + 43_600, frames: 5))
        }
        try watcher.saveObservations(batch)
        if day % 30 == 29 { print("day \(day + 1): \(String(format: "%.0f", Date().timeIntervalSince(began))) s") }
    }
    let observations = try store.observations().count
    let events = try store.wireEvents(WireEventFilter())
    let kinds = Dictionary(grouping: events, by: \.kind).mapValues(\.count)
    print("rows: \(observations) observations, \(events.count) events (" + WireEvent.Kind.allCases.map { "\($0.rawValue) \(kinds[$0] ?? 0)" }
        .joined(separator: ", ") + ") after \(days) days with 90 d retention, in \(String(format: "%.0f", Date().timeIntervalSince(began))) s")
}

func fill(_ location: String, count: Int) throws {
    let store = try StoreLocator.open(location) as! any QueryableStore
    var batch: [Observation] = []
    for n in 0..<count {
        batch.append(Observation(address: address(n), mac: mac(n), domain: "gw\(n % 4)/eth0",
                                 firstSeen: 1_700_000_000, lastSeen: 1_700_000_000 + Double(n % 86_400), frames: 1 + n % 50))
        if batch.count == 100_000 { try store.saveObservations(batch); batch.removeAll(keepingCapacity: true) }
    }
    try store.saveObservations(batch)
    var records: [InventoryRecord] = []
    for n in stride(from: 0, to: count, by: 10) {
        records.append(InventoryRecord(address: try IPAddress(address(n)), name: "host-\(n)", role: .agent, region: "r",
                                       zone: "z\(n % 3)", mac: mac(n), source: "bench"))
    }
    try store.replaceInventory(source: "bench", with: records)
}

func show(_ location: String, rounds: Int) throws {
    let store = try StoreLocator.open(location, access: .readOnly) as! any QueryableStore
    var rng = SplitMix(state: 7)
    let picks = (0..<rounds).map { _ in address(rng.below(1_000_000)) }
    // Warm both paths once (page cache), then time them over the same addresses.
    _ = try StoreShow.answer(.address(try IPAddress(picks[0])), store: store)
    let t0 = Date()
    var rows = 0
    for p in picks { rows += try store.observations(address: p).count }
    let baseline = Date().timeIntervalSince(t0) / Double(rounds)
    let t1 = Date()
    var answered = 0
    for p in picks { answered += try StoreShow.answer(.address(try IPAddress(p)), store: store).wire.count }
    let shown = Date().timeIntervalSince(t1) / Double(rounds)
    guard rows > 0, answered > 0 else { fail("the store holds none of the picked addresses: fill it first") }
    print(String(format: "indexed SELECT of one address : %.3f ms", baseline * 1000))
    print(String(format: "show ADDRESS (whole answer)   : %.3f ms", shown * 1000))
    print(String(format: "ratio show / indexed SELECT   : %.1f", shown / baseline))
}

let args = CommandLine.arguments
guard args.count >= 3 else { fail("usage: query-bench year|fill|show STORE [N]") }
do {
    switch args[1] {
    case "year": try year(args[2], days: args.count > 3 ? Int(args[3]) ?? 365 : 365)
    case "fill": try fill(args[2], count: args.count > 3 ? Int(args[3]) ?? 1_000_000 : 1_000_000)
    case "show": try show(args[2], rounds: args.count > 3 ? Int(args[3]) ?? 200 : 200)
    default: fail("unknown mode \(args[1])")
    }
} catch {
    fail("\(error)")
}
