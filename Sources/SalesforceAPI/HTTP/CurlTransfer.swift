import CCurl
import Foundation

/// Settings every transfer of one client shares, already in libcurl's units.
struct CurlTransferSettings: Sendable {
    var connectTimeoutMilliseconds: Int
    var totalTimeoutMilliseconds: Int
    var userAgent: String
    var maxResponseBytes: Int
}

/// One easy handle, owned by one worker thread and reused request after request: libcurl keeps the connection open
/// in the handle between transfers (`curl_easy_reset` clears options, not live connections), which is our
/// connection reuse. Not thread-safe by design: only its worker touches it.
final class CurlTransfer {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private let settings: CurlTransferSettings

    init?(settings: CurlTransferSettings) {
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
        self.settings = settings
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    func perform(_ target: CurlTarget, isCancelled: @escaping @Sendable () -> Bool) -> Result<HTTPResponse, HTTPTransportError> {
        // The run's deadline cuts this transfer's timeouts to the time left (measured now: a queued job waited).
        var limits = (connect: settings.connectTimeoutMilliseconds, total: settings.totalTimeoutMilliseconds, byDeadline: false)
        if let deadline = target.deadline {
            let left = deadline.remaining
            guard left > 0 else { return .failure(.deadlinePassed(url: target.url, seconds: deadline.seconds)) }
            let leftMilliseconds = max(1, Int((left * 1000).rounded(.up)))
            if leftMilliseconds < limits.total { limits = (min(limits.connect, leftMilliseconds), leftMilliseconds, true) }
        }
        curl_easy_reset(handle)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let state = CurlResponseState(maxBytes: settings.maxResponseBytes, isCancelled: isCancelled)
        var headerList: UnsafeMutablePointer<curl_slist>?
        for line in target.headerLines { headerList = curl_slist_append(headerList, line) }
        defer { curl_slist_free_all(headerList) }

        let body = target.body ?? Data()
        let code: CURLcode = body.withUnsafeBytes { bodyBytes in
            withExtendedLifetime(state) {
                let statePointer = Unmanaged.passUnretained(state).toOpaque()
                guard configure(target, limits: (limits.connect, limits.total), headers: headerList, body: bodyBytes, state: statePointer) else {
                    return CURLE_FAILED_INIT
                }
                return curl_easy_perform(handle)
            }
        }
        guard code == CURLE_OK else {
            if code == CURLE_OPERATION_TIMEDOUT, let deadline = target.deadline, limits.byDeadline || deadline.hasPassed {
                return .failure(.deadlinePassed(url: target.url, seconds: deadline.seconds))
            }
            return .failure(transportError(code, target: target, state: state))
        }
        var status = 0
        ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: state.headers, body: state.body))
    }

    /// Sets every option of one transfer; false when libcurl refuses one (an option this libcurl lacks).
    private func configure(_ target: CurlTarget, limits: (connect: Int, total: Int), headers: UnsafeMutablePointer<curl_slist>?,
                           body: UnsafeRawBufferPointer, state: UnsafeMutableRawPointer) -> Bool {
        var codes: [CURLcode] = [
            ccurl_setopt_string(handle, CURLOPT_URL, target.url),
            ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"),
            // TLS verification is always on; there is deliberately no option to turn it off.
            ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1),
            ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2),
            // Threads of our own: no SIGALRM-based resolver timeouts, no SIGPIPE.
            ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, limits.connect),
            ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, limits.total),
            // "" offers every encoding this libcurl decodes (gzip, deflate, br…) and decodes the body.
            ccurl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""),
            ccurl_setopt_string(handle, CURLOPT_USERAGENT, settings.userAgent),
            ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers),
            ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
            ccurl_setopt_long(handle, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1),
            // Redirects come back as responses: following one could leave https or loopback behind.
            ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0),
            ccurl_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(settings.maxResponseBytes)),
            ccurl_setopt_write_function(handle, curlWriteBody),
            ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, state),
            ccurl_setopt_header_function(handle, curlWriteHeader),
            ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, state),
            ccurl_setopt_pointer(handle, CURLOPT_XFERINFOFUNCTION, unsafeBitCast(curlProgress, to: UnsafeMutableRawPointer.self)),
            ccurl_setopt_pointer(handle, CURLOPT_XFERINFODATA, state),
            ccurl_setopt_long(handle, CURLOPT_NOPROGRESS, 0),
        ]
        // Proxies: libcurl reads http_proxy / https_proxy / no_proxy from the environment; we leave that on.
        // Loopback is the one exception: a proxy's loopback is not ours.
        if target.isLoopback { codes.append(ccurl_setopt_string(handle, CURLOPT_NOPROXY, "*")) }
        codes += methodOptions(target, body: body)
        return codes.allSatisfy { $0 == CURLE_OK }
    }

    private func methodOptions(_ target: CurlTarget, body: UnsafeRawBufferPointer) -> [CURLcode] {
        if target.method == "HEAD" { return [ccurl_setopt_long(handle, CURLOPT_NOBODY, 1)] }
        var codes: [CURLcode] = []
        if target.body != nil {
            // POSTFIELDS is not copied: `body` stays alive for the whole perform (see `perform`).
            let bytes = UnsafeMutableRawPointer(mutating: body.baseAddress) ?? UnsafeMutableRawPointer(mutating: ("" as StaticString).utf8Start)
            codes.append(ccurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            codes.append(ccurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, bytes))
            if target.method != "POST" { codes.append(ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, target.method)) }
        } else if target.method == "GET" {
            codes.append(ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1))
        } else {
            if target.method == "POST" || target.method == "PUT" || target.method == "PATCH" {
                // A bodiless write still says Content-Length: 0, as servers expect.
                codes.append(ccurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, 0))
                codes.append(ccurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: ("" as StaticString).utf8Start)))
            }
            if target.method != "POST" { codes.append(ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, target.method)) }
        }
        return codes
    }

    private func transportError(_ code: CURLcode, target: CurlTarget, state: CurlResponseState) -> HTTPTransportError {
        let summary = String(cString: curl_easy_strerror(code))
        let specific = String(cString: errorBuffer)
        let detail = specific.isEmpty || specific == summary ? summary : "\(summary): \(specific)"
        if state.cancelled { return .other(url: target.url, detail: CurlHTTPClient.cancelledDetail) }
        if state.capExceeded || code == CURLE_FILESIZE_EXCEEDED {
            return .incompleteResponse(url: target.url, detail: "the body is larger than the \(settings.maxResponseBytes)-byte limit")
        }
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_PROXY:
            return .cannotConnect(host: target.host, detail: detail)
        case CURLE_OPERATION_TIMEDOUT:
            var connectSeconds = 0.0
            ccurl_getinfo_double(handle, CURLINFO_CONNECT_TIME, &connectSeconds)
            let limit = connectSeconds > 0 ? settings.totalTimeoutMilliseconds
                : min(settings.connectTimeoutMilliseconds, settings.totalTimeoutMilliseconds)
            return .timedOut(url: target.url, after: Double(limit) / 1000)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CACERT_BADFILE,
             CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            return .tlsFailure(host: target.host, detail: detail)
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_GOT_NOTHING:
            return .incompleteResponse(url: target.url, detail: detail)
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return .refused(url: target.url, reason: detail)
        default:
            return .other(url: target.url, detail: detail)
        }
    }
}

/// What the callbacks collect during one transfer. Reached from C through an unretained pointer; `perform` keeps
/// it alive until libcurl returns.
final class CurlResponseState {
    var headers: [String: String] = [:]
    var body = Data()
    var capExceeded = false
    var cancelled = false
    let maxBytes: Int
    let isCancelled: @Sendable () -> Bool
    private var lastHeaderName: String?

    init(maxBytes: Int, isCancelled: @escaping @Sendable () -> Bool) {
        self.maxBytes = maxBytes; self.isCancelled = isCancelled
    }

    /// One raw header line. A status line starts a new header block (interim 1xx answers, proxy CONNECT), so only
    /// the final response's headers remain. Names are lowercased; the last value of a repeated name wins.
    func takeHeaderLine(_ raw: String) {
        let line = raw.trimmingCharacters(in: CharacterSet(charactersIn: "\r\n"))
        if line.hasPrefix("HTTP/") {
            headers = [:]; lastHeaderName = nil
        } else if line.first == " " || line.first == "\t" {
            // Obsolete folded continuation of the previous header.
            if let name = lastHeaderName, let previous = headers[name] {
                headers[name] = previous + " " + line.trimmingCharacters(in: .whitespaces)
            }
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            guard !name.isEmpty else { return }
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            lastHeaderName = name
        }
    }
}

// Non-capturing C callbacks; the context pointer is the transfer's CurlResponseState.

private let curlWriteBody: ccurl_data_callback = { data, size, count, context in
    guard let context else { return 0 }
    let state = Unmanaged<CurlResponseState>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard state.body.count + length <= state.maxBytes else {
        state.capExceeded = true
        return 0  // a short count makes libcurl stop with CURLE_WRITE_ERROR
    }
    if let data, length > 0 { state.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length) }
    return length
}

private let curlWriteHeader: ccurl_data_callback = { data, size, count, context in
    guard let context else { return 0 }
    let state = Unmanaged<CurlResponseState>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    if let data, length > 0 {
        let bytes = UnsafeRawBufferPointer(start: data, count: length)
        state.takeHeaderLine(String(decoding: bytes, as: UTF8.self))
    }
    return length
}

/// Called by libcurl often during a transfer (and at least about once a second when idle): non-zero aborts it,
/// which is how a cancelled task stops its transfer.
private let curlProgress: curl_xferinfo_callback = { context, _, _, _, _ in
    guard let context else { return 0 }
    let state = Unmanaged<CurlResponseState>.fromOpaque(context).takeUnretainedValue()
    if state.isCancelled() {
        state.cancelled = true
        return 1
    }
    return 0
}
