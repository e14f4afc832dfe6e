import Foundation

/// A SOQL token with the 1-based column it starts at (for MALFORMED_QUERY messages, as Salesforce gives them).
struct SOQLToken: Equatable {
    enum Kind: Equatable {
        /// Identifiers, keywords and field paths ("Profile.Name").
        case word(String)
        /// A quoted string, escapes decoded.
        case string(String)
        /// Numbers, dates and date-times, unquoted in SOQL: "10", "2026-11-15T09:30:00Z".
        case bare(String)
        case symbol(String)
    }
    var kind: Kind
    var column: Int

    var text: String {
        switch kind {
        case .word(let text), .bare(let text), .symbol(let text): text
        case .string(let text): "'\(text)'"
        }
    }
}

/// A query Salesforce would reject with MALFORMED_QUERY; `message` is the text the simulator returns.
struct SOQLSyntaxError: Error, Equatable {
    var message: String
}

/// Splits SOQL into tokens, decoding string escapes exactly as the SOQL reference lists them (\n \r \t \b \f \" \'
/// \\, upper or lower case letters, and \_ \% for LIKE); any other backslash is an error, as in Salesforce.
enum SOQLLexer {
    /// What `\%` and `\_` decode to inside a string token, so LIKE can tell them from the wildcards `%` and `_`.
    /// Private-use characters: they cannot come from the query text itself without being these escapes.
    static let escapedPercent: Character = "\u{E000}"
    static let escapedUnderscore: Character = "\u{E001}"

    static func tokens(_ soql: String) throws(SOQLSyntaxError) -> [SOQLToken] {
        let characters = Array(soql)
        var tokens: [SOQLToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let column = index + 1
            if character.isWhitespace {
                index += 1
            } else if character == "'" {
                let (value, end) = try string(characters, openingQuoteAt: index)
                tokens.append(SOQLToken(kind: .string(value), column: column))
                index = end
            } else if isWordStart(character) {
                var end = scan(characters, from: index) { isWordStart($0) || $0.isNumber || $0 == "." }
                // LAST_N_DAYS:30 and the other relative date literals with a number are one word.
                if end + 1 < characters.count, characters[end] == ":", characters[end + 1].isNumber {
                    end = scan(characters, from: end + 1) { $0.isNumber }
                }
                tokens.append(SOQLToken(kind: .word(String(characters[index..<end])), column: column))
                index = end
            } else if character.isNumber || (character == "-" && index + 1 < characters.count && characters[index + 1].isNumber) {
                let end = scan(characters, from: index + 1) { $0.isNumber || $0.isLetter || ":.+-".contains($0) }
                tokens.append(SOQLToken(kind: .bare(String(characters[index..<end])), column: column))
                index = end
            } else if let symbol = symbol(characters, at: index) {
                tokens.append(SOQLToken(kind: .symbol(symbol), column: column))
                index += symbol.count
            } else {
                throw SOQLSyntaxError(message: "unexpected character '\(character)' at column \(column)")
            }
        }
        return tokens
    }

    private static func isWordStart(_ character: Character) -> Bool {
        character.isLetter || character == "_"
    }

    private static func scan(_ characters: [Character], from start: Int, while accept: (Character) -> Bool) -> Int {
        var end = start
        while end < characters.count && accept(characters[end]) { end += 1 }
        return end
    }

    private static func symbol(_ characters: [Character], at index: Int) -> String? {
        let two = index + 1 < characters.count ? String(characters[index...index + 1]) : ""
        if ["!=", "<>", "<=", ">="].contains(two) { return two }
        let one = String(characters[index])
        return ["(", ")", ",", "=", "<", ">"].contains(one) ? one : nil
    }

    /// Reads a quoted string from its opening quote; returns the decoded value and the index after the closing quote.
    private static func string(_ characters: [Character], openingQuoteAt start: Int) throws(SOQLSyntaxError) -> (String, Int) {
        var value = ""
        var index = start + 1
        while index < characters.count {
            let character = characters[index]
            if character == "'" { return (value, index + 1) }
            if character == "\\" {
                guard index + 1 < characters.count else { break }
                let escaped = characters[index + 1]
                guard let decoded = escapes[escaped] else {
                    throw SOQLSyntaxError(
                        message: "invalid escape sequence '\\\(escaped)' at column \(index + 1): SOQL allows \\n \\r \\t \\b \\f \\\" \\' \\\\ (and \\_ \\% in LIKE)")
                }
                value.append(decoded)
                index += 2
            } else {
                value.append(character)
                index += 1
            }
        }
        throw SOQLSyntaxError(message: "unterminated string literal starting at column \(start + 1)")
    }

    private static let escapes: [Character: Character] = [
        "n": "\n", "N": "\n", "r": "\r", "R": "\r", "t": "\t", "T": "\t", "b": "\u{8}", "B": "\u{8}",
        "f": "\u{c}", "F": "\u{c}", "\"": "\"", "'": "'", "\\": "\\",
        "%": escapedPercent, "_": escapedUnderscore,
    ]
}
