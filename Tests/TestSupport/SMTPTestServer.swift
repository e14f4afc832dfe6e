import Foundation

/// scripts/test_smtp_server.py on 127.0.0.1 and a free port: EHLO with STARTTLS (when given a certificate) and AUTH
/// as configured, never taking mail. Use `withSMTPServer`; the script also stops by itself after `maxSeconds`.
final class SMTPTestServer: @unchecked Sendable {
    static let script = PythonDNSScript.path("test_smtp_server.py")
    /// Tests/Fixtures/test-only-keys/relay: the test CA and the certificates of scripts/make-test-certs.
    static let keys = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/test-only-keys/relay")
    static var testCA: String { keys.appendingPathComponent("test-ca.pem").path }

    let port: Int
    private let directory: URL
    private let process: ChildProcess

    private init(port: Int, directory: URL, process: ChildProcess) {
        self.port = port; self.directory = directory; self.process = process
    }

    /// `certificate`: good, expired, wrong-name or self-signed (nil: no TLS at all).
    static func start(certificate: String?, offerStartTLS: Bool = true, auth: String = "", maxSeconds: Int = 120) async throws -> SMTPTestServer {
        let (address, directory, process) = try await PythonDNSScript.launch(script: script, name: "smtp-test") { _ in
            var arguments = ["--max-seconds", String(maxSeconds), "--auth", auth]
            if let certificate {
                arguments += ["--cert", keys.appendingPathComponent("\(certificate).pem").path,
                              "--key", keys.appendingPathComponent("\(certificate).key").path]
            }
            if !offerStartTLS { arguments.append("--no-starttls") }
            return arguments
        }
        return SMTPTestServer(port: Int(address.port), directory: directory, process: process)
    }

    /// Stops the script (SIGTERM, SIGKILL after 3 s) and removes its folder.
    func stop() {
        process.stop(grace: 3)
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` against a fresh SMTP test server and always stops it afterwards.
func withSMTPServer<T>(certificate: String?, offerStartTLS: Bool = true, auth: String = "",
                       _ body: (SMTPTestServer) async throws -> T) async throws -> T {
    let server = try await SMTPTestServer.start(certificate: certificate, offerStartTLS: offerStartTLS, auth: auth)
    defer { server.stop() }
    return try await body(server)
}
