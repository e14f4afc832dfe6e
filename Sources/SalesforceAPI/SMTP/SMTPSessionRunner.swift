import Foundation

/// The seam between the relay probe and the network: one SMTP conversation per request.
public protocol SMTPSessionRunner: Sendable {
    func run(_ request: SMTPSessionRequest) async -> SMTPSessionTranscript
}

/// The real conversation, over libcurl, on a thread of its own (libcurl blocks).
public struct CurlSMTPSessionRunner: SMTPSessionRunner {
    public init() {}

    public func run(_ request: SMTPSessionRequest) async -> SMTPSessionTranscript {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: CurlSMTPSession.run(request)) }
        }
    }
}

/// Conversations recorded beforehand, per host, port and whether the certificate is verified: for tests and
/// examples. A request nobody recorded cannot connect.
public struct RecordedSMTPSessionRunner: SMTPSessionRunner {
    public struct Key: Hashable, Sendable {
        public var host: String, port: Int, verifyCertificate: Bool
        public init(host: String, port: Int, verifyCertificate: Bool) {
            self.host = host; self.port = port; self.verifyCertificate = verifyCertificate
        }
    }

    public var transcripts: [Key: SMTPSessionTranscript]

    public init(_ transcripts: [Key: SMTPSessionTranscript]) { self.transcripts = transcripts }

    public func run(_ request: SMTPSessionRequest) async -> SMTPSessionTranscript {
        let key = Key(host: request.host, port: request.port, verifyCertificate: request.verifyCertificate)
        return transcripts[key] ?? SMTPSessionTranscript(replies: [], failure: .cannotConnect("nothing recorded for \(request.host):\(request.port)"))
    }
}
