import Foundation

/// Runs `count` closures on `count` threads at once (not a pool capped at the core count),
/// released together by a barrier, and returns each one's result in order.
enum ConcurrentRuns {
    static func run<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) -> [Result<T, any Error>] {
        let results = ResultBox<T>(count)
        let group = DispatchGroup()
        let start = DispatchSemaphore(value: 0)
        for i in 0..<count {
            group.enter()
            let thread = Thread {
                start.wait()
                results.set(i, Result { try body(i) })
                group.leave()
            }
            thread.start()
        }
        for _ in 0..<count { start.signal() }
        group.wait()
        return results.all()
    }
}

final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<T, any Error>?]

    init(_ count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: Result<T, any Error>) { lock.withLock { values[i] = value } }

    func all() -> [Result<T, any Error>] { lock.withLock { values.map { $0! } } }
}

/// True for the first caller of `claim()` only.
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false

    func claim() -> Bool {
        lock.withLock {
            defer { claimed = true }
            return !claimed
        }
    }
}
