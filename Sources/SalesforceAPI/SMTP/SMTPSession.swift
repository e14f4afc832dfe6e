import Foundation

/// One SMTP conversation to open: up to the capabilities, never further. It sends no mail and no credentials.
public struct SMTPSessionRequest: Sendable, Equatable {
    /// A host name or IP literal (IPv6 with or without brackets).
    public var host: String
    public var port: Int
    /// Check the certificate's chain, dates and name after STARTTLS; off, the TLS session is set up unchecked.
    public var verifyCertificate: Bool
    /// PEM file of the CAs to trust instead of the system store (tests use a test CA).
    public var caFile: String?
    public var connectTimeout: TimeInterval
    public var totalTimeout: TimeInterval

    public init(host: String, port: Int, verifyCertificate: Bool, caFile: String? = nil,
                connectTimeout: TimeInterval = 10, totalTimeout: TimeInterval = 20) {
        self.host = host; self.port = port; self.verifyCertificate = verifyCertificate; self.caFile = caFile
        self.connectTimeout = connectTimeout; self.totalTimeout = totalTimeout
    }
}

/// What the server said, and how the conversation ended.
public struct SMTPSessionTranscript: Sendable, Equatable {
    /// The server's reply lines in order, without CRLF: the greeting, the EHLO reply, STARTTLS's 220 and the
    /// EHLO reply inside TLS when TLS was set up.
    public var replies: [String]
    /// Nil when the conversation reached the capabilities (with TLS when the server offered it).
    public var failure: SMTPSessionFailure?

    public init(replies: [String], failure: SMTPSessionFailure? = nil) {
        self.replies = replies; self.failure = failure
    }

    /// Each EHLO reply's lines without the code ("STARTTLS", "AUTH PLAIN LOGIN"), in order: the first is the one
    /// before TLS, the last the one that counts.
    public var ehloReplies: [[String]] {
        var replies: [[String]] = []
        var current: [String] = []
        for line in self.replies where line.hasPrefix("250") {
            current.append(String(line.dropFirst(4)))
            if line.count < 4 || line[line.index(line.startIndex, offsetBy: 3)] != "-" {
                replies.append(current)
                current = []
            }
        }
        return replies
    }

    /// True when STARTTLS was accepted (a 220 after the first EHLO reply) and a second EHLO reply followed.
    public var tlsEstablished: Bool {
        guard let firstEHLO = replies.firstIndex(where: { $0.hasPrefix("250") }) else { return false }
        return replies[firstEHLO...].contains { $0.hasPrefix("220") } && ehloReplies.count > 1
    }
}

/// Why a conversation stopped before the capabilities.
public enum SMTPSessionFailure: Sendable, Equatable {
    /// The host did not resolve or refused the connection.
    case cannotConnect(String)
    case timedOut(String)
    case certificate(SMTPCertificateProblem, detail: String)
    /// TLS failed for another reason than the certificate (handshake, protocol versions).
    case tls(String)
    case other(String)
}

/// What is wrong with the certificate a relay presented.
public enum SMTPCertificateProblem: String, Sendable, Equatable {
    case expired
    case notYetValid = "not-yet-valid"
    case selfSigned = "self-signed"
    case untrusted
    case nameMismatch = "name-mismatch"
}
