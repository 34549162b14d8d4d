/// Zone colours: Okabe and Ito's palette, chosen to stay distinguishable with the common forms
/// of colour blindness (their black a dark grey, apart from the light grey of blocks without a
/// zone). More zones than colours take the colours again in a darker, then a paler shade
/// (`zs1`, `zs2`): brightness tells them apart where hue cannot. The legend names each zone.
enum ReportPalette {
    static let colours = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#444444"]
    static let shades = 3

    /// The classes of zone number `i`: `z0` ... `z7`, plus `zs1` or `zs2` from the ninth zone on.
    static func zoneClass(_ i: Int?) -> String {
        guard let i else { return "zn" }
        let shade = (i / colours.count) % shades
        return "z\(i % colours.count)" + (shade == 0 ? "" : " zs\(shade)")
    }
}
