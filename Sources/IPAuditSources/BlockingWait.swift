import Dispatch

/// The commands are synchronous (the stores are); a pull is async (swift-nio). This runs one
/// async operation to its end and hands back its result. Safe here because the operation runs
/// on the global executor and the event loops, never on the thread that waits.
enum BlockingWait {
    static func run<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { box.result = .success(try await operation()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    /// Written by the task before `signal`, read after `wait`: the semaphore orders the two.
    private final class ResultBox<T>: @unchecked Sendable {
        var result: Result<T, Error>?
    }
}
