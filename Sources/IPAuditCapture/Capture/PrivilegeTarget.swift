import Foundation

/// Whom `scan` and `probe` become once the device and the files are open.
///
/// - `--user NAME`: that user.
/// - Started by `sudo` (root, with SUDO_UID naming another user): the user who ran sudo, so
///   the store and the metrics file a run creates are theirs and their own files read as theirs.
/// - Otherwise started as root: `nobody`, who owns nothing and may write nothing of root's.
/// - Not root: stay who we are (capabilities are still given up).
extension PrivilegeDrop {
    /// The user to become when none is named: `nobody` when started as root, else stay.
    public static var defaultUser: String? { geteuid() == 0 ? "nobody" : nil }

    /// The identity `user` (or the default) names, looked up but not yet switched to.
    public static func target(named user: String?,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws(CaptureError) -> Identity? {
        if let user { return try lookUp(user) }
        guard geteuid() == 0 else { return nil }
        if let invoker = sudoInvoker(environment) { return invoker }
        return try lookUp("nobody")
    }

    /// The user who ran `sudo`, when root came from sudo: SUDO_UID is set by sudo alone, and
    /// only believed while the real user is root too (a process that set it itself and is not
    /// root cannot switch anyway). Root through sudo (SUDO_UID 0) is no other user.
    static func sudoInvoker(_ environment: [String: String]) -> Identity? {
        guard getuid() == 0, let text = environment["SUDO_UID"], let uid = uid_t(text), uid != 0,
              let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return nil }
        return Identity(user: String(cString: name), uid: uid, gid: entry.pointee.pw_gid)
    }

    static func lookUp(_ user: String) throws(CaptureError) -> Identity {
        guard let entry = getpwnam(user) else {
            throw CaptureError(source: "--user", "no user '\(user)' (see /etc/passwd)")
        }
        return Identity(user: user, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
    }
}

extension PrivilegeDrop.Identity {
    /// `nobody` is meant to own nothing: files made for it stay the starting user's.
    public var ownsFiles: Bool { user != "nobody" && uid != 65534 }
}
