import Testing
import IPAuditKit

@Suite("CSV cells stay data in a spreadsheet")
struct CSVFieldTests {
    @Test("A cell that would start a formula gets a leading quote", arguments: [
        ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
        ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
        ("\r=1", "\"'\r=1\""),
    ])
    func formulaLeads(input: String, expected: String) {
        #expect(CSVField.escape(input) == expected)
    }

    @Test("Ordinary cells are unchanged: no quote where nothing needs it")
    func ordinaryCells() {
        #expect(CSVField.escape("10.0.0.1") == "10.0.0.1")
        #expect(CSVField.escape("host-1") == "host-1")
        #expect(CSVField.escape("2001:db8::1") == "2001:db8::1")
        #expect(CSVField.escape("a,b") == "\"a,b\"")
        #expect(CSVField.escape("") == "")
    }
}
