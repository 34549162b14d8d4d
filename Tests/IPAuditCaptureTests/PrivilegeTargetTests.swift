import Foundation
@testable import IPAuditCapture
import Testing

/// Whom scan and probe become once root's part is done (issue 23): `--user`, else the user who
/// ran sudo, else nobody. Looked up only: nothing here switches.
@Suite("privilege target", .requires(.root))
struct PrivilegeTargetTests {
    static func uid(_ name: String) throws -> uid_t { try #require(getpwnam(name)).pointee.pw_uid }

    @Test func sudoNamesTheInvokingUser() throws {
        let daemon = try Self.uid("daemon")
        let target = try PrivilegeDrop.target(named: nil, environment: ["SUDO_UID": String(daemon), "SUDO_USER": "daemon"])
        #expect(target?.user == "daemon")
        #expect(target?.uid == daemon)
        #expect(target?.ownsFiles == true)
    }

    @Test func withoutSudoRootBecomesNobody() throws {
        for environment in [[:], ["SUDO_UID": "0"], ["SUDO_UID": ""], ["SUDO_UID": "daemon"], ["SUDO_UID": "4294967200"]] {
            let target = try PrivilegeDrop.target(named: nil, environment: environment)
            #expect(target?.user == "nobody", "\(environment)")
            #expect(target?.ownsFiles == false, "\(environment)")
        }
    }

    @Test func anExplicitUserWinsOverSudo() throws {
        let target = try PrivilegeDrop.target(named: "root", environment: ["SUDO_UID": String(try Self.uid("daemon"))])
        #expect(target?.uid == 0)
        #expect(throws: CaptureError.self) { try PrivilegeDrop.target(named: "ipaudit-no-such-user", environment: [:]) }
    }
}
