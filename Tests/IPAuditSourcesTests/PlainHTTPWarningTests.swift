import Testing
import IPAuditSources

/// Issue 23: the plain-http token warning is given once per run, and not for loopback.
@Suite("The plain-http header warning: once a run, never for loopback")
struct PlainHTTPWarningTests {
    @Test("Off-host http:// is named; loopback, localhost and https:// are not", arguments: [
        ("http://netbox.example/api/ipam/ip-addresses/", true),
        ("http://10.0.0.5:8080/state", true),
        ("http://[2001:db8::1]/x", true),
        ("http://127.0.0.1:5050/state", false), ("http://127.9.9.9/x", false),
        ("http://localhost/x", false), ("http://LOCALHOST:80/x", false), ("http://[::1]:8080/x", false),
        ("https://netbox.example/api/", false),
    ])
    func offHost(url: String, exposed: Bool) {
        #expect(SourceURL.sendsInClearOffHost(url) == exposed)
    }

    @Test("Several plain-http sources give one warning naming each, without their queries")
    func oneWarning() throws {
        let warning = try #require(SourceURL.plainHTTPHeaderWarning([
            "http://a.example/x.csv?token=s3cret", "http://127.0.0.1/y.csv", "http://b.example/z.json"]))
        #expect(warning == "--header-file: http://a.example/x.csv, http://b.example/z.json are plain http://: "
                + "the headers (the token) cross the network in clear; use https://")
        #expect(!warning.contains("s3cret"))
        #expect(SourceURL.plainHTTPHeaderWarning(["http://localhost/x", "https://a.example/"]) == nil)
    }
}
