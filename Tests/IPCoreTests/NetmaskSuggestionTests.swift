import Testing
import IPCore

/// Issue 23: `calc 10.0.0.0/255.255.255.0` is refused, and says which prefix length it means.
@Suite("A netmask after the slash is refused with the length it means")
struct NetmaskSuggestionTests {
    @Test("Contiguous masks suggest ADDR/N, masked to the network", arguments: [
        ("10.0.0.0/255.255.255.0", "10.0.0.0/24"),
        ("192.168.7.9/255.255.252.0", "192.168.4.0/22"),
        ("10.0.0.1/255.255.255.255", "10.0.0.1/32"),
        ("0.0.0.0/0.0.0.0", "0.0.0.0/0"),
    ])
    func contiguous(input: String, suggestion: String) {
        #expect(throws: IPParseError.self) { try IPPrefix(addressOrPrefix: input) }
        do { _ = try IPPrefix(addressOrPrefix: input) } catch {
            #expect(error.reason == .netmaskNotAccepted)
            #expect(error.suggestion == suggestion)
            #expect(error.description.contains("did you mean \(suggestion)?"), "\(error.description)")
        }
    }

    @Test("A mask with holes, a wildcard or a bad dotted quad is refused without a guess", arguments: [
        "10.0.0.0/255.0.255.0", "10.0.0.0/0.0.0.255", "10.0.0.0/255.255.255.256", "10.0.0.0/1.2.3",
    ])
    func noGuess(input: String) {
        do { _ = try IPPrefix(addressOrPrefix: input); Issue.record("accepted \(input)") } catch {
            #expect(error.reason == .netmaskNotAccepted)
            #expect(error.suggestion == nil)
        }
    }

    @Test("Prefix lengths keep their own errors")
    func lengthsUnchanged() {
        do { _ = try IPPrefix(addressOrPrefix: "10.0.0.0/33"); Issue.record("accepted /33") } catch {
            #expect(error.reason == .prefixLengthTooLarge(max: 32))
        }
        #expect((try? IPPrefix(addressOrPrefix: "10.0.0.0/24"))?.description == "10.0.0.0/24")
    }
}
