import IPCore

/// libFuzzer entry for IPCore's text parsers: any byte string must parse or throw, and what
/// parses must print canonically and parse back to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAddressParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let prefix = try? IPPrefix(addressOrPrefix: text) {
        let again = try? IPPrefix(addressOrPrefix: prefix.description)
        if again != prefix { fatalError("round trip failed: \(text) → \(prefix) → \(String(describing: again))") }
    }
    if let scoped = try? ScopedIPAddress(text) {
        let again = try? ScopedIPAddress(scoped.description)
        if again != scoped { fatalError("round trip failed: \(text) → \(scoped) → \(String(describing: again))") }
    }
    return 0
}
