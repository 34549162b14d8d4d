/// Zone colours: Okabe and Ito's palette, chosen to stay distinguishable with the common forms
/// of colour blindness (their black swapped for a mid grey so block outlines stay visible).
/// More zones than colours reuse them in order; the legend names each zone's colour.
enum ReportPalette {
    static let colours = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]

    /// The class of zone number `i`: `z0` ... `z7`.
    static func zoneClass(_ i: Int?) -> String {
        guard let i else { return "zn" }
        return "z\(i % colours.count)"
    }
}
