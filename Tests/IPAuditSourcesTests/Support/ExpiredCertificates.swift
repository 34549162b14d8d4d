import Foundation

extension TestCertificates {
    /// A CA valid for years and a server certificate for 127.0.0.1 it signed that expired on
    /// 2024-01-02 00:00:00 UTC. openssl 3.0's `req`/`x509` cannot set past dates, so Python's
    /// `cryptography` (Debian's python3-cryptography) writes them.
    init(expired: Bool) throws {
        precondition(expired)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = #"""
        import datetime, ipaddress, sys
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
        out = sys.argv[1]
        def name(cn): return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
        def write(path, data):
            with open(out + "/" + path, "wb") as f: f.write(data)
        now = datetime.datetime.now(datetime.timezone.utc)
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca = (x509.CertificateBuilder().subject_name(name("ipaudit test CA")).issuer_name(name("ipaudit test CA"))
              .public_key(ca_key.public_key()).serial_number(1)
              .not_valid_before(datetime.datetime(2023, 1, 1, tzinfo=datetime.timezone.utc))
              .not_valid_after(now + datetime.timedelta(days=2))
              .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
              .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                           data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                           encipher_only=False, decipher_only=False), critical=True)
              .sign(ca_key, hashes.SHA256()))
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (x509.CertificateBuilder().subject_name(name("127.0.0.1")).issuer_name(ca.subject)
                .public_key(key.public_key()).serial_number(2)
                .not_valid_before(datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc))
                .not_valid_after(datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone.utc))
                .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
                .sign(ca_key, hashes.SHA256()))
        write("ca.pem", ca.public_bytes(serialization.Encoding.PEM))
        write("server.pem", cert.public_bytes(serialization.Encoding.PEM))
        write("server.key", key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()))
        """#
        let process = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", script, directory.path])
        guard process.status == 0 else {
            throw ServerStartError(message: "python3 could not write the expired certificate (python3-cryptography missing?)")
        }
    }
}
