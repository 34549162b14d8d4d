import Testing
@testable import IPAuditSources

@Suite("Error answers: their start, one line, secrets cut out")
struct ErrorExcerptTests {
    @Test("NetBox's detail and Kubernetes' message are what is shown")
    func jsonMessages() {
        #expect(ErrorExcerpt.make(Array(#"{"detail": "Authentication credentials were not provided."}"#.utf8), redacting: [])
                == "Authentication credentials were not provided.")
        #expect(ErrorExcerpt.make(Array(#"{"kind":"Status","message":"pods is forbidden","code":403}"#.utf8), redacting: [])
                == "pods is forbidden")
    }

    @Test("Plain text and HTML become one line, cut at 200 characters")
    func plainText() {
        #expect(ErrorExcerpt.make(Array("<h1>Server\n  Error</h1>\n".utf8), redacting: []) == "<h1>Server Error</h1>")
        let long = ErrorExcerpt.make(Array(String(repeating: "x", count: 500).utf8), redacting: [])
        #expect(long.count == 201)
        #expect(long.hasSuffix("…"))
        #expect(ErrorExcerpt.make([], redacting: []) == "(empty body)")
    }

    @Test("An echoed header value, or the credential after its scheme word, is redacted")
    func redacts() {
        let echoed = ErrorExcerpt.make(Array(#"{"detail": "Invalid token header: Token 9f8e7d6c5b"}"#.utf8),
                                       redacting: ["Token 9f8e7d6c5b"])
        #expect(!echoed.contains("9f8e7d6c5b"))
        #expect(echoed.contains("[redacted]"))
        let bare = ErrorExcerpt.make(Array("bad credential 9f8e7d6c5b".utf8), redacting: ["Bearer 9f8e7d6c5b"])
        #expect(bare == "bad credential [redacted]")
        let dcos = ErrorExcerpt.make(Array("invalid JWT eyJhbGciOi".utf8), redacting: ["token=eyJhbGciOi"])
        #expect(dcos == "invalid JWT [redacted]")
    }
}
