import CPcap
import Foundation

/// Gives up privileges once the capture is open and the files are opened (`PrivilegeTarget`):
/// everything after (inventory, allow-list and plan parsing, frame decoding, the store and
/// metrics writes) runs as an ordinary user with no capabilities, and can never regain them
/// (`PR_SET_NO_NEW_PRIVS`).
public enum PrivilegeDrop {
    /// Who the scanner runs as afterwards.
    public struct Identity: Sendable, Equatable {
        public var user: String
        public var uid: uid_t
        public var gid: gid_t

        public init(user: String, uid: uid_t, gid: gid_t) {
            self.user = user
            self.uid = uid
            self.gid = gid
        }
    }

    /// Switches to `user` (see `target(named:)`) and gives up every capability.
    public static func drop(to user: String?) throws(CaptureError) -> Identity {
        try drop(to: target(named: user))
    }

    /// Switches to `target` (root only can switch; others may name themselves), with its
    /// groups, then clears every capability and forbids regaining any. `target` nil: stay who
    /// we are, still without capabilities.
    public static func drop(to target: Identity?) throws(CaptureError) -> Identity {
        let identity = target ?? Identity(user: String(geteuid()), uid: geteuid(), gid: getegid())
        if let target {
            let user = target.user
            if geteuid() == 0 {
                // The order matters: groups and gid while still root, the uid last. The user's
                // own supplementary groups, as su, sudo and systemd's User= give them.
                guard initgroups(user, target.gid) == 0 || setGroups([target.gid]), setgid(target.gid) == 0,
                      setuid(target.uid) == 0 else {
                    throw CaptureError(source: "--user", "cannot switch to '\(user)': \(String(cString: strerror(errno)))")
                }
                // setuid from root to another uid must not be undoable; check, do not trust.
                if target.uid != 0, setuid(0) == 0 {
                    throw CaptureError(source: "--user", "switched to '\(user)' but could become root again; refusing to go on")
                }
            } else if target.uid != geteuid() {
                throw CaptureError(source: "--user", "only root can switch to '\(user)' (running as uid \(geteuid()))")
            }
        }
        #if os(Linux)
        // After setuid from root the sets are empty already; a non-root scanner given
        // CAP_NET_RAW (setcap, AmbientCapabilities) still holds it: clear explicitly.
        if identity.uid != 0, ipaudit_clear_capabilities() != 0 {
            throw CaptureError(source: "--user", "cannot clear capabilities: \(String(cString: strerror(errno)))")
        }
        guard ipaudit_set_no_new_privs() == 0 else {
            throw CaptureError(source: "--user", "cannot set no_new_privs: \(String(cString: strerror(errno)))")
        }
        #endif
        return identity
    }

    /// A user without an entry in /etc/group (initgroups fails): its primary group only.
    private static func setGroups(_ groups: [gid_t]) -> Bool {
        var groups = groups
        return setgroups(groups.count, &groups) == 0
    }
}

extension PrivilegeDrop {
    /// The one order scan and probe keep: `prepare` runs while still privileged, told whom the
    /// run becomes (it opens the files and the store the run keeps), then privileges go for
    /// good. A failure to drop is bad input (exit 2), as opening the device is.
    static func drop(to target: Identity?, after prepare: (Identity?) throws -> Void) throws -> Identity {
        try prepare(target)
        do throws(CaptureError) {
            return try drop(to: target)
        } catch {
            throw error.inputError
        }
    }
}
