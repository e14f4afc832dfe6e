import CIdn2
import Synchronization

/// The two libidn2 conversions the validator needs, with every C allocation freed before returning.
/// libidn2 is thread-safe for these calls (no global state), so they can run from any task. Both are pure functions
/// of their input, and a list of addresses repeats few internationalized domains: answers are remembered (IDNAMemo).
enum IDNA {
    /// Why libidn2 refused a name: its numeric code and its own message.
    struct Failure: Error, Equatable {
        var code: Int32
        var message: String
    }

    /// IDNA2008 lookup (UTS #46 non-transitional mapping, NFC input) of a Unicode domain or label: the A-label form.
    static func toASCII(_ unicode: String) -> Result<String, Failure> {
        remembered(IDNAMemo.Key(toASCII: true, input: unicode)) { convertToASCII(unicode) }
    }

    /// Decodes A-labels (xn--…) to Unicode; other labels pass through unchanged.
    static func toUnicode(_ ascii: String) -> Result<String, Failure> {
        remembered(IDNAMemo.Key(toASCII: false, input: ascii)) { convertToUnicode(ascii) }
    }

    private static func remembered(
        _ key: IDNAMemo.Key, _ convert: () -> Result<String, Failure>
    ) -> Result<String, Failure> {
        if #available(macOS 15.0, *) { return IDNAMemo.shared.answer(key, convert) }
        return convert()
    }

    private static func convertToASCII(_ unicode: String) -> Result<String, Failure> {
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

    private static func convertToUnicode(_ ascii: String) -> Result<String, Failure> {
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

/// libidn2's answers by input, shared by every task; at most `limit` are kept, so memory stays bounded whatever the
/// input (past that, new inputs are converted each time).
@available(macOS 15.0, *)
final class IDNAMemo: Sendable {
    struct Key: Hashable, Sendable {
        var toASCII: Bool
        var input: String
    }

    static let shared = IDNAMemo()
    static let limit = 4_096
    private let answers = Mutex<[Key: Result<String, IDNA.Failure>]>([:])

    func answer(_ key: Key, _ convert: () -> Result<String, IDNA.Failure>) -> Result<String, IDNA.Failure> {
        if let known = answers.withLock({ $0[key] }) { return known }
        let answer = convert()  // outside the lock: other tasks go on meanwhile
        answers.withLock { if $0.count < Self.limit { $0[key] = answer } }
        return answer
    }
}
