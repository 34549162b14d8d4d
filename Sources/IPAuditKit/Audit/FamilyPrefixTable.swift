import IPCore

/// Longest-prefix match over prefixes of both families: answers the index (into the list it
/// was built from) of the most specific prefix holding an address.
struct FamilyPrefixTable {
    private let v4: PrefixTable<IPv4Address, Int>
    private let v6: PrefixTable<IPv6Address, Int>

    init(_ prefixes: [IPPrefix]) {
        v4 = PrefixTable(prefixes.enumerated().compactMap { i, p in p.v4Prefix.map { ($0, i) } })
        v6 = PrefixTable(prefixes.enumerated().compactMap { i, p in p.v6Prefix.map { ($0, i) } })
    }

    func lookup(_ address: IPAddress) -> Int? {
        switch address {
        case .v4(let a): v4.lookup(a)?.value
        case .v6(let a): v6.lookup(a)?.value
        }
    }
}
