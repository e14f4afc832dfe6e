import CPsl
import Foundation

/// The Public Suffix List through libpsl: which suffix of a name is public (com, co.uk), so a resolver that denies
/// one can be caught. Debian's list (package publicsuffix) when present, else libpsl's built-in copy.
public enum PublicSuffixes {
    /// Asked when a name's suffix is not on the list (a private or reserved TLD such as .test): every resolver
    /// that answers for the internet knows com.
    public static let fallbackProbe = "com"

    /// Read once, never changed or freed: libpsl's lookups only read the context, from any thread.
    nonisolated(unsafe) private static let context: OpaquePointer? = {
        // psl_latest picks the newer of the file and the built-in data; NULL would read the system default path.
        if let latest = psl_latest("/usr/share/publicsuffix/public_suffix_list.dat") { return latest }
        return psl_builtin()
    }()

    /// The public suffix a registry holds `name` under (lower case, no trailing dot) when the list names it
    /// explicitly; nil for a suffix only the list's default "*" rule covers (like test or example) or no name.
    public static func listedSuffix(of name: String) -> String? {
        guard let context else { return nil }
        let key = canonicalDomainName(name)
        guard key != "." else { return nil }
        // libpsl returns a pointer into the string it was given: copy it while that string lives.
        let found = key.withCString { text in psl_unregistrable_domain(context, text).map { String(cString: $0) } }
        guard let suffix = found else { return nil }
        guard psl_is_public_suffix2(context, suffix, Int32(PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE)) != 0 else { return nil }
        return suffix
    }

    /// The suffix a resolver is probed with for `name`: its listed public suffix, else `fallbackProbe`.
    public static func probeSuffix(for name: String) -> String { listedSuffix(of: name) ?? fallbackProbe }
}
