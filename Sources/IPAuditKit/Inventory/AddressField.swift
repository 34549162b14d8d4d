import IPCore

/// Reads the `address` field of an inventory row.
///
/// A plain dotted quad is parsed straight from the bytes (the hot path of a million-row CSV);
/// anything else goes through IPCore's strict parser, so both accept exactly the same text.
/// An interface mask (`10.0.1.10/24`, NetBox's form) is allowed and dropped; an
/// IPv4-mapped IPv6 address is unmapped so it meets its IPv4 twin in the duplicate check.
enum AddressField {
    struct Value {
        var address: IPAddress
        var mappedIPv4: Bool
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>) throws(IPParseError) -> Value {
        var end = b.count
        for k in 0..<b.count where b[k] == UInt8(ascii: "/") { end = k; break }
        if end < b.count {
            // Validate the mask as a prefix (strict), but keep the host address.
            let text = String(decoding: b, as: UTF8.self)
            _ = try IPPrefix(masking: text)
        }
        let head = UnsafeBufferPointer(rebasing: b[0..<end])
        if let v4 = dottedQuad(head) { return Value(address: .v4(v4), mappedIPv4: false) }
        let address = try IPAddress(String(decoding: head, as: UTF8.self))
        return normalize(address)
    }

    static func parse(_ text: String) throws(IPParseError) -> Value {
        var copy = text
        let result: Result<Value, IPParseError> = copy.withUTF8 { b in
            do throws(IPParseError) { return .success(try parse(b)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    static func normalize(_ address: IPAddress) -> Value {
        if case .v6(let a) = address, let v4 = a.unmapped { return Value(address: .v4(v4), mappedIPv4: true) }
        return Value(address: address, mappedIPv4: false)
    }

    /// Strict `a.b.c.d`: four decimal octets ≤ 255, no leading zeros, nothing else. Nil means
    /// "not this simple form"; the caller then lets the full parser decide and explain.
    @inline(__always)
    static func dottedQuad(_ b: UnsafeBufferPointer<UInt8>) -> IPv4Address? {
        let n = b.count
        if n < 7 || n > 15 { return nil }
        var value: UInt32 = 0
        var i = 0
        for part in 0..<4 {
            if part > 0 {
                guard i < n, b[i] == UInt8(ascii: ".") else { return nil }
                i += 1
            }
            let first = i
            var octet: UInt32 = 0
            while i < n, b[i] &- 48 < 10 {
                octet = octet &* 10 &+ UInt32(b[i] &- 48)
                i += 1
            }
            let digits = i - first
            if digits == 0 || digits > 3 || octet > 255 || (digits > 1 && b[first] == UInt8(ascii: "0")) { return nil }
            value = value << 8 | octet
        }
        return i == n ? IPv4Address(bits: value) : nil
    }
}
