import Foundation

/// The topology of the quick form (`--regions`, `--zones`, `--racks`): counts or names.
public enum QuickTopology {
    /// `3` or `eu1,us1`.
    public enum Names: Sendable, Equatable {
        case count(Int)
        case list([String])

        public init?(_ text: String) {
            if let n = Int(text) {
                guard n >= 0 && n <= 4096 else { return nil }
                self = .count(n)
            } else {
                let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                guard !names.isEmpty, !names.contains(where: \.isEmpty), Set(names).count == names.count else { return nil }
                self = .list(names)
            }
        }

        func names(_ make: (Int) -> String) -> [String] {
            switch self {
            case .count(let n): n == 0 ? [] : (1...n).map(make)
            case .list(let l): l
            }
        }
    }

    /// Regions `region-1`...; zones `<region>-a`, `<region>-b`... (after `z`: `-aa`, `-ab`...);
    /// racks `rack-1`....
    public static func regions(_ regions: Names, zones: Names, racks: Int) -> [PlanRegion] {
        regions.names { "region-\($0)" }.map { region in
            PlanRegion(name: region, zones: zones.names { "\(region)-\(letters($0))" }.map { zone in
                PlanZone(name: zone, racks: racks == 0 ? [] : (1...racks).map { PlanRack(name: "rack-\($0)") })
            })
        }
    }

    /// 1 → a, 26 → z, 27 → aa (bijective base 26).
    static func letters(_ n: Int) -> String {
        var n = n, out = ""
        while n > 0 {
            n -= 1
            out = String(UnicodeScalar(UInt8(97 + n % 26))) + out
            n /= 26
        }
        return out
    }
}
