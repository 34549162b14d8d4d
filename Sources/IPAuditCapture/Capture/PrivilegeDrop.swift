import CPcap
import Foundation

/// Gives up privileges once the capture is open: everything after (inventory, allow-list and
/// plan parsing, frame decoding, the store and metrics writes) runs as an ordinary user with
/// no capabilities, and can never regain them (`PR_SET_NO_NEW_PRIVS`).
public enum PrivilegeDrop {
    /// Who the scanner runs as afterwards.
    public struct Identity: Sendable, Equatable {
        public var user: String
        public var uid: uid_t
        public var gid: gid_t
    }

    /// The user to become when none is named: `nobody` when started as root, else stay.
    public static var defaultUser: String? { geteuid() == 0 ? "nobody" : nil }

    /// Switches to `user` (root only can switch; others may name themselves), then clears every
    /// capability and forbids regaining any. `user` nil: stay who we are, still without capabilities.
    public static func drop(to user: String?) throws(CaptureError) -> Identity {
        var uid = geteuid(), gid = getegid()
        var userName = user ?? String(uid)
        if let user {
            guard let entry = getpwnam(user) else {
                throw CaptureError(source: "--user", "no user '\(user)' (see /etc/passwd)")
            }
            uid = entry.pointee.pw_uid
            gid = entry.pointee.pw_gid
            userName = user
            if geteuid() == 0 {
                var groups = [gid]
                // The order matters: groups and gid while still root, the uid last.
                guard setgroups(1, &groups) == 0, setgid(gid) == 0, setuid(uid) == 0 else {
                    throw CaptureError(source: "--user", "cannot switch to '\(user)': \(String(cString: strerror(errno)))")
                }
                // setuid from root to another uid must not be undoable; check, do not trust.
                if uid != 0, setuid(0) == 0 {
                    throw CaptureError(source: "--user", "switched to '\(user)' but could become root again; refusing to go on")
                }
            } else if uid != geteuid() {
                throw CaptureError(source: "--user", "only root can switch to '\(user)' (running as uid \(geteuid()))")
            }
        }
        #if os(Linux)
        // After setuid from root the sets are empty already; a non-root scanner given
        // CAP_NET_RAW (setcap, AmbientCapabilities) still holds it: clear explicitly.
        if uid != 0, ipaudit_clear_capabilities() != 0 {
            throw CaptureError(source: "--user", "cannot clear capabilities: \(String(cString: strerror(errno)))")
        }
        guard ipaudit_set_no_new_privs() == 0 else {
            throw CaptureError(source: "--user", "cannot set no_new_privs: \(String(cString: strerror(errno)))")
        }
        #endif
        return Identity(user: userName, uid: uid, gid: gid)
    }
}
