import Foundation

/// SIGINT / SIGTERM end the capture and the report is still printed: the handler only sets a
/// flag that the capture loop polls (every poll timeout live, every record offline).
public enum StopSignal {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0
    /// The thread blocked reading a file or FIFO while `interruptingReads` is on (0: none).
    nonisolated(unsafe) private static var reader: pthread_t = 0

    public static var requested: Bool { flag != 0 }

    public static func install() {
        flag = 0   // touch the globals before a handler can run: their lazy init is not signal-safe
        reader = 0
        signal(SIGINT, handle)
        signal(SIGTERM, handle)
        // A parent may hand down a mask that blocks them (test runners do): unblock, or the
        // handler would never run and the capture would never end.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    public static func request() { flag = 1 }

    /// The handler: sets the flag and, when another thread took the signal, passes it on to
    /// the reader so that its blocked read() returns (pthread_kill is async-signal-safe).
    private static let handle: @convention(c) (Int32) -> Void = { signal in
        StopSignal.flag = 1
        let target = StopSignal.reader
        if target != 0, pthread_equal(target, pthread_self()) == 0 { pthread_kill(target, signal) }
    }

    /// Runs `body` with a stop interrupting the calling thread's blocking reads (EINTR instead
    /// of the restart `signal()` asks for): a FIFO that trickles, or stays silent, would
    /// otherwise keep `fread` waiting and the stop unnoticed. Only around a capture loop, which
    /// checks the flag after every record: elsewhere (opening the input, the store) a stop
    /// must not turn into an I/O error.
    public static func interruptingReads<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        restart(false)
        reader = pthread_self()
        defer {
            reader = 0
            restart(true)
        }
        return try body()
    }

    private static func restart(_ on: Bool) {
        for signal in [SIGINT, SIGTERM] {
            var action = sigaction()
            guard sigaction(signal, nil, &action) == 0 else { continue }
            if on { action.sa_flags |= Int32(SA_RESTART) } else { action.sa_flags &= ~Int32(SA_RESTART) }
            sigaction(signal, &action, nil)
        }
    }
}
