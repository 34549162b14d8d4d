/// ipaudit's version, in one place: `ipaudit --version` prints it, and scripts/package.sh reads
/// the `current` line below (as written: one string literal) to name the .deb and the tarball,
/// so the package and the binary always agree.
enum IPAuditVersion {
    static let current = "0.1.0"
}
