import IPCore

/// How a finding's address sorts: as a number within its family (IPv4 first), then by prefix
/// length; an address text that does not parse (or none) sorts after every address, as text.
struct FindingAddressKey: Comparable {
    private let family: Int
    private let value: UInt128
    private let length: Int
    private let text: String

    init(_ address: String?) {
        text = address ?? ""
        let prefix = address.flatMap { a in
            (try? IPPrefix(addressOrPrefix: a)) ?? (a.contains("/") ? try? IPPrefix(masking: a) : nil)
        }
        if let prefix {
            family = prefix.family
            value = prefix.network.widened
            length = prefix.length
        } else {
            family = Int.max
            value = 0
            length = 0
        }
    }

    static func < (a: Self, b: Self) -> Bool {
        if a.family != b.family { return a.family < b.family }
        if a.value != b.value { return a.value < b.value }
        if a.length != b.length { return a.length < b.length }
        return a.text < b.text
    }
}
