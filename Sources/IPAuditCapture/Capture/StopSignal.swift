import Foundation

/// SIGINT / SIGTERM end the capture and the report is still printed: the handler only sets a
/// flag that the capture loop polls (every poll timeout live, every few thousand packets offline).
public enum StopSignal {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    public static var requested: Bool { flag != 0 }

    public static func install() {
        flag = 0   // touch the global before a handler can run: its lazy init is not signal-safe
        signal(SIGINT) { _ in StopSignal.flag = 1 }
        signal(SIGTERM) { _ in StopSignal.flag = 1 }
        // A parent may hand down a mask that blocks them (test runners do): unblock, or the
        // handler would never run and the capture would never end.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    public static func request() { flag = 1 }
}
