import ArgumentParser

// Placeholder until the feature lands; replaced by its owner.
struct Exclude: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not yet implemented)", shouldDisplay: false)
    func run() throws { throw ValidationError("not implemented yet") }
}
