import CCurl
import Foundation

/// An SMTP conversation over libcurl: connect, greeting, EHLO, STARTTLS when offered, EHLO again, then stop
/// (CURLOPT_CONNECT_ONLY ends the transfer after the protocol's connect phase; QUIT is sent when the handle is
/// cleaned up). No user name is set, so libcurl never authenticates, and no MAIL FROM is ever sent. Blocking: call it
/// off the cooperative pool.
public enum CurlSMTPSession {
    public static func run(_ request: SMTPSessionRequest) -> SMTPSessionTranscript {
        guard CurlGlobal.initialized == CURLE_OK, let handle = curl_easy_init() else {
            return SMTPSessionTranscript(replies: [], failure: .other("libcurl failed to initialise"))
        }
        defer { curl_easy_cleanup(handle) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        let replies = SMTPReplyLines()
        let code: CURLcode = withExtendedLifetime(replies) {
            let context = Unmanaged.passUnretained(replies).toOpaque()
            var codes: [CURLcode] = [
                ccurl_setopt_string(handle, CURLOPT_URL, url(request)),
                ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "smtp"),
                // STARTTLS whenever the server offers it: the check decides whether its absence matters.
                ccurl_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_TRY.rawValue)),
                ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, request.verifyCertificate ? 1 : 0),
                ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, request.verifyCertificate ? 2 : 0),
                ccurl_setopt_long(handle, CURLOPT_CONNECT_ONLY, 1),
                ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
                ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(request.connectTimeout)),
                ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds(request.totalTimeout)),
                // The probe asks whether this machine reaches the relay itself, not through a proxy.
                ccurl_setopt_string(handle, CURLOPT_NOPROXY, "*"),
                ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
                // For SMTP libcurl hands every server reply line to the header callback.
                ccurl_setopt_header_function(handle, smtpReplyLine),
                ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, context),
            ]
            if let caFile = request.caFile { codes.append(ccurl_setopt_string(handle, CURLOPT_CAINFO, caFile)) }
            guard codes.allSatisfy({ $0 == CURLE_OK }) else { return CURLE_FAILED_INIT }
            return curl_easy_perform(handle)
        }
        guard code != CURLE_OK else { return SMTPSessionTranscript(replies: replies.lines) }
        var verifyResult = 0
        ccurl_getinfo_long(handle, CURLINFO_SSL_VERIFYRESULT, &verifyResult)
        let summary = String(cString: curl_easy_strerror(code))
        let specific = String(cString: errorBuffer)
        let detail = specific.isEmpty || specific == summary ? summary : "\(summary): \(specific)"
        return SMTPSessionTranscript(replies: replies.lines, failure: failure(code, verifyResult: verifyResult, detail: detail))
    }

    static func url(_ request: SMTPSessionRequest) -> String {
        var host = request.host.trimmingCharacters(in: .whitespaces)
        if host.contains(":"), !host.hasPrefix("[") { host = "[\(host)]" }
        return "smtp://\(host):\(request.port)"
    }

    private static func milliseconds(_ seconds: TimeInterval) -> Int { max(1, Int((seconds * 1000).rounded(.up))) }

    /// libcurl's code, with OpenSSL's verify result (X509_V_ERR_*) telling certificate problems apart.
    static func failure(_ code: CURLcode, verifyResult: Int, detail: String) -> SMTPSessionFailure {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT: return .cannotConnect(detail)
        case CURLE_OPERATION_TIMEDOUT: return .timedOut(detail)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CONNECT_ERROR, CURLE_USE_SSL_FAILED,
             CURLE_SSL_ISSUER_ERROR, CURLE_SSL_INVALIDCERTSTATUS:
            // libcurl checks the name itself after OpenSSL accepted the chain (the verify result is then 0 or 1).
            if code == CURLE_PEER_FAILED_VERIFICATION, detail.contains("subject name") || detail.contains("does not match") {
                return .certificate(.nameMismatch, detail: detail)
            }
            switch verifyResult {
            case 10: return .certificate(.expired, detail: detail)  // X509_V_ERR_CERT_HAS_EXPIRED
            case 9: return .certificate(.notYetValid, detail: detail)  // X509_V_ERR_CERT_NOT_YET_VALID
            case 18, 19: return .certificate(.selfSigned, detail: detail)  // DEPTH_ZERO_SELF_SIGNED, SELF_SIGNED_IN_CHAIN
            case 62: return .certificate(.nameMismatch, detail: detail)  // X509_V_ERR_HOSTNAME_MISMATCH
            case 0 where code == CURLE_PEER_FAILED_VERIFICATION: return .certificate(.untrusted, detail: detail)
            case 0: return .tls(detail)
            default: return .certificate(.untrusted, detail: detail)
            }
        default: return .other(detail)
        }
    }
}

/// The server's reply lines of one conversation. Reached from C through an unretained pointer that `run` keeps alive.
final class SMTPReplyLines {
    var lines: [String] = []
    /// Bounded: a server that talks forever fills no memory (the total timeout ends it too).
    static let maxLines = 200
}

private let smtpReplyLine: ccurl_data_callback = { data, size, count, context in
    guard let context else { return 0 }
    let replies = Unmanaged<SMTPReplyLines>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    if let data, length > 0, replies.lines.count < SMTPReplyLines.maxLines {
        let text = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
        replies.lines.append(text.trimmingCharacters(in: CharacterSet(charactersIn: "\r\n")))
    }
    return length
}
