import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

@Suite struct AllowListTests {
    @Test func parsesCommentsBlankLinesAndReasons() throws {
        let list = try AllowList.parse("""
            # bonded storage node
            10.1.1.20  02:00:00:00:01:01,02:00:00:00:01:02  bond0 balance-alb   # slaves

            fd00::5 02:00:00:00:00:05 anycast test
            """, file: "a.txt")
        let e = try #require(list.match(try IPAddress("10.1.1.20"), macs: [MACAddress("02:00:00:00:01:02")!]))
        #expect(e.reason == "bond0 balance-alb")
        #expect(list.match(try IPAddress("fd00::5"), macs: [MACAddress("02:00:00:00:00:05")!]) != nil)
        #expect(list.match(try IPAddress("10.1.1.20"), macs: [MACAddress("02:00:00:00:01:03")!]) == nil)
    }

    @Test func errorsNameFileLineAndField() {
        do {
            _ = try AllowList.parse("10.0.0.1 02:00:00:00:00:01 ok\n10.0.0.2 02:00:00:00:00:zz bad mac\n", file: "a.txt")
            Issue.record("accepted a bad MAC")
        } catch let e as InputError {
            #expect(e.file == "a.txt")
            #expect(e.line == 2)
            #expect(e.field == "macs")
        } catch { Issue.record("unexpected \(error)") }
        do {
            _ = try AllowList.parse("10.0.0.300 02:00:00:00:00:01 x\n", file: "a.txt")
            Issue.record("accepted a bad address")
        } catch let e as InputError {
            #expect(e.line == 1 && e.field == "address")
        } catch { Issue.record("unexpected \(error)") }
        #expect(throws: InputError.self) { try AllowList.parse("10.0.0.1 02:00:00:00:00:01\n", file: "a.txt") }
    }
}
