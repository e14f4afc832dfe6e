import CIdn2

/// The two libidn2 conversions the validator needs, with every C allocation freed before returning.
/// libidn2 is thread-safe for these calls (no global state), so they can run from any task.
enum IDNA {
    /// Why libidn2 refused a name: its numeric code and its own message.
    struct Failure: Error, Equatable {
        var code: Int32
        var message: String
    }

    /// IDNA2008 lookup (UTS #46 non-transitional mapping, NFC input) of a Unicode domain or label: the A-label form.
    static func toASCII(_ unicode: String) -> Result<String, Failure> {
        let flags = Int32(IDN2_NFC_INPUT.rawValue | IDN2_NONTRANSITIONAL.rawValue)
        var output: UnsafeMutablePointer<UInt8>? = nil
        let code = unicode.withCString { source in
            source.withMemoryRebound(to: UInt8.self, capacity: unicode.utf8.count + 1) { bytes in
                idn2_lookup_u8(bytes, &output, flags)
            }
        }
        defer { if let output { idn2_free(output) } }
        guard code == IDN2_OK.rawValue, let output else { return .failure(failure(code)) }
        return .success(String(cString: output))
    }

    /// Decodes A-labels (xn--…) to Unicode; other labels pass through unchanged.
    static func toUnicode(_ ascii: String) -> Result<String, Failure> {
        var output: UnsafeMutablePointer<CChar>? = nil
        let code = idn2_to_unicode_8z8z(ascii, &output, 0)
        defer { if let output { idn2_free(output) } }
        guard code == IDN2_OK.rawValue, let output else { return .failure(failure(code)) }
        return .success(String(cString: output))
    }

    private static func failure(_ code: Int32) -> Failure {
        let message = idn2_strerror(code).map { String(cString: $0) } ?? "libidn2 error \(code)"
        return Failure(code: code, message: message)
    }
}
