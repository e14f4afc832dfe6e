import Foundation

extension SOQLQuery {
    /// Parses `soql`; a query Salesforce would reject throws the MALFORMED_QUERY message.
    static func parse(_ soql: String) throws(SOQLSyntaxError) -> SOQLQuery {
        var parser = SOQLParser(tokens: try SOQLLexer.tokens(soql))
        return try parser.query()
    }
}

private struct SOQLParser {
    let tokens: [SOQLToken]
    var position = 0

    init(tokens: [SOQLToken]) { self.tokens = tokens }

    mutating func query() throws(SOQLSyntaxError) -> SOQLQuery {
        try expectKeyword("SELECT")
        var items = [try selectItem()]
        while acceptSymbol(",") { items.append(try selectItem()) }
        try expectKeyword("FROM")
        let object = try fieldName()
        var query = SOQLQuery(items: items, object: object, condition: nil, orderBy: [], limit: nil, offset: nil)
        if acceptKeyword("WHERE") { query.condition = try disjunction() }
        if acceptKeyword("GROUP") {
            try expectKeyword("BY")
            query.groupBy = [try fieldName()]
            while acceptSymbol(",") { query.groupBy.append(try fieldName()) }
        }
        if let token = peek, case .word(let word) = token.kind, word.uppercased() == "HAVING" {
            throw SOQLSyntaxError(message: "HAVING is valid SOQL but the simulator does not support it")
        }
        if acceptKeyword("ORDER") {
            try expectKeyword("BY")
            query.orderBy = [try ordering()]
            while acceptSymbol(",") { query.orderBy.append(try ordering()) }
        }
        if acceptKeyword("LIMIT") { query.limit = try count("LIMIT") }
        if acceptKeyword("OFFSET") { query.offset = try count("OFFSET") }
        if let extra = peek { throw unexpected(extra) }
        return query
    }

    // MARK: Select items

    private mutating func selectItem() throws(SOQLSyntaxError) -> SOQLSelectItem {
        if let token = peek, token.kind == .symbol("(") {
            throw SOQLSyntaxError(message: "subqueries are valid SOQL but the simulator does not support them (column \(token.column))")
        }
        let name = try fieldName()
        guard acceptSymbol("(") else { return .field(name, alias: try alias()) }
        guard let function = SOQLAggregate(rawValue: name.uppercased()) else {
            throw SOQLSyntaxError(message: "\(name)() is not an aggregate function the simulator supports (COUNT, COUNT_DISTINCT, MIN, MAX, SUM, AVG)")
        }
        if function == .count, acceptSymbol(")") { return .aggregate(.count, field: nil, alias: try alias()) }
        let field = try fieldName()
        try expectSymbol(")")
        return .aggregate(function, field: field, alias: try alias())
    }

    /// A word after a select item that is not a keyword names it.
    private mutating func alias() throws(SOQLSyntaxError) -> String? {
        guard let token = peek, case .word(let word) = token.kind, !Self.keywords.contains(word.uppercased()) else { return nil }
        position += 1
        return word
    }

    // MARK: Conditions

    private mutating func disjunction() throws(SOQLSyntaxError) -> SOQLCondition {
        var condition = try conjunction()
        while acceptKeyword("OR") { condition = .or(condition, try conjunction()) }
        return condition
    }

    private mutating func conjunction() throws(SOQLSyntaxError) -> SOQLCondition {
        var condition = try factor()
        while acceptKeyword("AND") { condition = .and(condition, try factor()) }
        return condition
    }

    private mutating func factor() throws(SOQLSyntaxError) -> SOQLCondition {
        if acceptKeyword("NOT") { return .not(try factor()) }
        if acceptSymbol("(") {
            let inner = try disjunction()
            try expectSymbol(")")
            return inner
        }
        let field = try fieldName()
        if acceptKeyword("IN") { return .isIn(field: field, try literalList(), negated: false) }
        if acceptKeyword("LIKE") {
            guard let token = next(), case .string(let pattern) = token.kind else {
                throw unexpectedOrEnd(tokens.indices.contains(position - 1) ? tokens[position - 1] : nil, expected: "a quoted LIKE pattern")
            }
            return .like(field: field, pattern: pattern)
        }
        if acceptKeyword("NOT") {
            try expectKeyword("IN")
            return .isIn(field: field, try literalList(), negated: true)
        }
        guard let token = next(), case .symbol(let text) = token.kind,
              let comparison = SOQLComparison(rawValue: text == "<>" ? "!=" : text) else {
            throw unexpectedOrEnd(tokens.indices.contains(position - 1) ? tokens[position - 1] : nil, expected: "a comparison operator")
        }
        return .compare(field: field, comparison, try literal())
    }

    private mutating func literalList() throws(SOQLSyntaxError) -> [SOQLLiteral] {
        try expectSymbol("(")
        var values = [try literal()]
        while acceptSymbol(",") { values.append(try literal()) }
        try expectSymbol(")")
        return values
    }

    private mutating func literal() throws(SOQLSyntaxError) -> SOQLLiteral {
        guard let token = next() else { throw SOQLSyntaxError(message: "unexpected end of query: expected a value") }
        switch token.kind {
        case .string(let value):
            // Outside LIKE the escaped wildcards are just the characters.
            return .string(String(value.map {
                $0 == SOQLLexer.escapedPercent ? "%" : ($0 == SOQLLexer.escapedUnderscore ? "_" : $0)
            }))
        case .word(let word) where word.lowercased() == "true": return .bool(true)
        case .word(let word) where word.lowercased() == "false": return .bool(false)
        case .word(let word) where word.lowercased() == "null": return .null
        case .word(let word):
            guard let range = SOQLDateLiteral(word) else { throw unexpected(token) }
            return .dateRange(range)
        case .bare(let text):
            if let date = SOQLDate.parse(text) { return .dateTime(date) }
            if let number = Double(text) { return .number(number) }
            throw SOQLSyntaxError(message: "value of filter criterion is not valid: '\(text)' at column \(token.column)")
        default: throw unexpected(token)
        }
    }

    private mutating func ordering() throws(SOQLSyntaxError) -> SOQLOrdering {
        let field = try fieldName()
        let descending: Bool
        if acceptKeyword("DESC") { descending = true } else { _ = acceptKeyword("ASC"); descending = false }
        var nullsLast = descending
        if acceptKeyword("NULLS") {
            if acceptKeyword("LAST") { nullsLast = true } else { try expectKeyword("FIRST"); nullsLast = false }
        }
        return SOQLOrdering(field: field, descending: descending, nullsLast: nullsLast)
    }

    private mutating func count(_ clause: String) throws(SOQLSyntaxError) -> Int {
        guard let token = next(), case .bare(let text) = token.kind, let value = Int(text), value >= 0 else {
            throw SOQLSyntaxError(message: "\(clause) needs a non-negative whole number")
        }
        return value
    }

    // MARK: Tokens

    private static let keywords: Set<String> = [
        "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "ORDER", "BY", "ASC", "DESC", "NULLS", "FIRST", "LAST",
        "LIMIT", "OFFSET", "LIKE", "GROUP", "HAVING", "INCLUDES", "EXCLUDES",
    ]

    private var peek: SOQLToken? { tokens.indices.contains(position) ? tokens[position] : nil }

    private mutating func next() -> SOQLToken? {
        defer { position += 1 }
        return peek
    }

    private mutating func fieldName() throws(SOQLSyntaxError) -> String {
        guard let token = next() else { throw SOQLSyntaxError(message: "unexpected end of query: expected a field or object name") }
        guard case .word(let word) = token.kind, !Self.keywords.contains(word.uppercased()) else {
            if case .word(let word) = token.kind, ["GROUP", "HAVING", "INCLUDES", "EXCLUDES"].contains(word.uppercased()) {
                throw SOQLSyntaxError(message: "\(word.uppercased()) is valid SOQL but the simulator does not support it")
            }
            throw unexpected(token)
        }
        return word
    }

    private mutating func acceptKeyword(_ keyword: String) -> Bool {
        guard let token = peek, case .word(let word) = token.kind, word.uppercased() == keyword else { return false }
        position += 1
        return true
    }

    private mutating func expectKeyword(_ keyword: String) throws(SOQLSyntaxError) {
        guard acceptKeyword(keyword) else { throw unexpectedOrEnd(peek, expected: keyword) }
    }

    private mutating func acceptSymbol(_ symbol: String) -> Bool {
        guard let token = peek, token.kind == .symbol(symbol) else { return false }
        position += 1
        return true
    }

    private mutating func expectSymbol(_ symbol: String) throws(SOQLSyntaxError) {
        guard acceptSymbol(symbol) else { throw unexpectedOrEnd(peek, expected: "'\(symbol)'") }
    }

    private func unexpected(_ token: SOQLToken) -> SOQLSyntaxError {
        SOQLSyntaxError(message: "unexpected token: \(token.text) at column \(token.column)")
    }

    private func unexpectedOrEnd(_ token: SOQLToken?, expected: String) -> SOQLSyntaxError {
        guard let token else { return SOQLSyntaxError(message: "unexpected end of query: expected \(expected)") }
        return SOQLSyntaxError(message: "unexpected token: \(token.text) at column \(token.column), expected \(expected)")
    }
}
