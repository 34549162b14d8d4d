import IPAuditKit
import IPCore
import Testing

@Suite struct QuerySubjectTests {
    @Test func addressesPrefixesAndMACsAreTold() throws {
        #expect(try QuerySubject.parse("10.0.0.5", argument: "X") == .address(try IPAddress("10.0.0.5")))
        #expect(try QuerySubject.parse("fd00::1", argument: "X") == .address(try IPAddress("fd00::1")))
        #expect(try QuerySubject.parse("10.1.0.0/16", argument: "X") == .prefix(try IPPrefix("10.1.0.0/16")))
        for mac in ["02:00:00:00:00:AA", "02-00-00-00-00-aa", "0200.0000.00aa", "0200000000aa"] {
            #expect(try QuerySubject.parse(mac, argument: "X") == .mac("02:00:00:00:00:aa"))
        }
    }

    @Test func badTextNamesTheArgument() {
        for bad in ["10.0.0.256", "web-1", "10.0.0.0/33", "02:00:00:00:00", "02:00:0:00:00:00:aa", "", "0200.00:00.00aa"] {
            #expect(throws: InputError.self) { try QuerySubject.parse(bad, argument: "ADDRESS|PREFIX|MAC") }
            do { _ = try QuerySubject.parse(bad, argument: "ADDRESS|PREFIX|MAC") } catch {
                #expect("\(error)".contains("ADDRESS|PREFIX|MAC"))
            }
        }
    }

    @Test func durations() throws {
        #expect(try DurationText.seconds("90d", argument: "--x") == 90 * 86_400)
        #expect(try DurationText.seconds("2w", argument: "--x") == 14 * 86_400)
        #expect(try DurationText.seconds("12h", argument: "--x") == 43_200)
        #expect(try DurationText.seconds("30m", argument: "--x") == 1_800)
        #expect(try DurationText.seconds("45", argument: "--x") == 45)
        #expect(try DurationText.seconds("500ms", argument: "--x") == 0.5)
        for bad in ["", "d", "-1d", "1y", "abc", "nan", "inf", "+5s", "1e400d"] {
            #expect(throws: InputError.self) { try DurationText.seconds(bad, argument: "--older-than") }
        }
    }

    @Test func controlCharactersAreEscapedForTheTerminal() {
        #expect(TerminalText.escaped("web\u{1b}[31m-1\n") == "web\\x1b[31m-1\\x0a")
        #expect(TerminalText.escaped("plain-name") == "plain-name")
        #expect(TerminalText.escaped("a\u{85}b") == "a\\u{85}b")
    }

    @Test func ipv4TextBlocksCoverThePrefixInOrder() throws {
        let blocks = IPv4TextBlocks.blocks(covering: try IPPrefix("10.1.0.0/22"))
        #expect(blocks.map(\.low) == ["10.1.0.", "10.1.1.", "10.1.2.", "10.1.3."])
        #expect(blocks.map(\.high) == ["10.1.0/", "10.1.1/", "10.1.2/", "10.1.3/"])
        // Every address text of a block sorts inside its range, and no other does.
        let block = blocks[2]
        for text in ["10.1.2.0", "10.1.2.9", "10.1.2.255"] { #expect(block.low <= text && text < block.high) }
        for text in ["10.1.20.1", "10.1.25.1", "10.1.1.255", "10.1.3.0"] { #expect(!(block.low <= text && text < block.high)) }
        // Short prefixes walk /16 blocks; a page's start skips the blocks before it.
        #expect(IPv4TextBlocks.blocks(covering: try IPPrefix("10.0.0.0/15")).map(\.low) == ["10.0.", "10.1."])
        #expect(IPv4TextBlocks.blocks(covering: try IPPrefix("10.1.0.0/22"), after: try IPAddress("10.1.2.7")).count == 2)
        #expect(IPv4TextBlocks.blocks(covering: try IPPrefix("10.1.2.16/28")).map(\.low) == ["10.1.2."])
        #expect(IPv4TextBlocks.blocks(covering: try IPPrefix("fd00::/64")).isEmpty)
    }
}
