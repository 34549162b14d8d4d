import Foundation

/// The user the tests run as. `scan` drops root to `--user` (nobody by default), who could not
/// write the test's own folders: tests pass `--user TestUser.name` to stay who they are, which
/// is root under CI and a developer's own account elsewhere.
public enum TestUser {
    public static let name: String = {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return "root" }
        return String(cString: name)
    }()
}
