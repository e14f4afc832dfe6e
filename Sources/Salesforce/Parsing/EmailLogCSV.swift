import Foundation

/// `email-log.csv`: an Email Log File as downloaded from Setup. Columns are found by name (case, spaces and
/// underscores ignored) because only columns A–L and the TLS pair are documented; unknown columns are kept in
/// `extra`. Rows may be shorter or longer than the header. Dates are GMT, month first. Returned oldest first.
///
/// A log can hold millions of rows, so it is read as a stream (`EmailLogScanner`): every row's date and recipient
/// are read, and only the rows to the user are decoded in full and kept.
public enum EmailLogCSV {
    static let hint = "Setup > Email Log Files > Request an Email Log, then download the CSV"
    static let requiredColumns = ["Date/Time", "Mail Event", "Recipient"]
    static let dateColumn = SetupDownloadDates.Column(
        name: "Date/Time", example: "3/06/2009 13:37 (GMT)", hint: hint, order: .monthFirst, defaultOffset: 0)

    /// Every row of a log in memory, oldest first.
    public static func parse(_ data: Data, file: String) throws -> [EmailLogEntry] {
        try scan(data, file: file, keeping: .all).rows
    }

    /// A log in memory.
    public static func scan(_ data: Data, file: String, keeping rows: EmailLogRows) throws -> EmailLog {
        var scanner = EmailLogScanner(file: file, keeping: rows)
        _ = try data.withUnsafeBytes { try scanner.process($0, atEnd: true) }
        return try scanner.finish()
    }

    /// A log read from `stream` in pieces. Memory stays at a few hundred KiB plus the rows kept, whatever the
    /// file's size.
    public static func scan(_ stream: inout some ByteStream, file: String, keeping rows: EmailLogRows) throws -> EmailLog {
        var scanner = EmailLogScanner(file: file, keeping: rows)
        try EmailLogScanner.feed(&stream, to: &scanner)
        return try scanner.finish()
    }

    /// The documented columns, by the names Salesforce uses (and the spellings seen besides).
    enum Known: CaseIterable {
        case date, internalMessageId, mailEvent, recipient, sender, remoteHost, bytesTransferred, userId
        case messageIdHeader, retryCount, secondsInQueue, deliveryStage, relayAddress, tlsCipher, tlsVerified

        var names: [String] {
            switch self {
            case .date: ["Date/Time", "Date Time", "Date"]
            case .internalMessageId: ["Internal Message ID"]
            case .mailEvent: ["Mail Event"]
            case .recipient: ["Recipient"]
            case .sender: ["Sender"]
            case .remoteHost: ["Remote Host"]
            case .bytesTransferred: ["Bytes Transferred"]
            case .userId: ["User ID"]
            case .messageIdHeader: ["Message ID Header"]
            case .retryCount: ["Retry Count"]
            case .secondsInQueue: ["Seconds in Queue"]
            case .deliveryStage: ["Delivery Stage"]
            case .relayAddress: ["Relay Address"]
            case .tlsCipher: ["TLS_Cipher", "TLS Cipher"]
            case .tlsVerified: ["TLS_Verified", "TLS Verified"]
            }
        }
    }

    /// Where each known column is in one file's header.
    struct Columns {
        var header: [String]
        var index: [Known: Int]
        var date: Int
        var recipient: Int
        var known: Set<Int>

        init(_ header: CSVRecord, file: String) throws {
            try CSVTable.checkUniqueNames(header, file: file, hint: hint)
            self.header = header.fields
            var index: [Known: Int] = [:]
            for column in Known.allCases {
                index[column] = try CSVTable.column(column.names, in: header, file: file, hint: hint)
            }
            guard let date = index[.date], index[.mailEvent] != nil, let recipient = index[.recipient] else {
                throw ExportParseError(
                    file: file, line: header.line,
                    problem: "the header is not an Email Log File: expected columns \(requiredColumns.joined(separator: ", ")); found \(header.fields.prefix(12).joined(separator: ", "))",
                    hint: hint)
            }
            self.index = index; self.date = date; self.recipient = recipient; known = Set(index.values)
        }
    }

    /// One row decoded in full.
    static func entry(_ fields: [String], line: Int, date: Date, columns: Columns, file: String) throws -> EmailLogEntry {
        func text(_ column: Known) -> String? {
            guard let index = columns.index[column], index < fields.count else { return nil }
            let value = fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        func number(_ column: Known) throws -> Int? {
            guard let value = text(column) else { return nil }
            guard value.utf8.count <= 18, let number = Int(value) else {
                throw ExportParseError(
                    file: file, line: line,
                    problem: "the \(column.names[0]) \(SetupDownloadDates.quote(value)) is not a whole number", hint: hint)
            }
            return number
        }
        var extra: [String: String] = [:]
        for (index, value) in fields.enumerated() where !columns.known.contains(index) {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            let header = columns.header
            let name = index < header.count && !header[index].isEmpty ? header[index] : "column \(index + 1)"
            extra[name] = trimmed
        }
        return EmailLogEntry(
            date: date, internalMessageId: text(.internalMessageId), mailEventRaw: text(.mailEvent) ?? "",
            recipient: text(.recipient) ?? "", sender: text(.sender), remoteHost: text(.remoteHost),
            bytesTransferred: try number(.bytesTransferred), userId: text(.userId),
            messageIdHeader: text(.messageIdHeader), retryCount: try number(.retryCount),
            secondsInQueue: try number(.secondsInQueue), deliveryStage: text(.deliveryStage),
            relayAddress: text(.relayAddress), tlsCipher: text(.tlsCipher), tlsVerified: text(.tlsVerified),
            extra: extra, origin: "\(file) line \(line)")
    }
}

/// Which rows of an Email Log File to keep in memory; every row is still read, counted and dated.
public enum EmailLogRows: Sendable {
    case all
    /// The rows to this address (trimmed, case-insensitive), as the checks select them.
    case to(String)
    /// None: the user is unknown, so no row is about them.
    case none
}

/// Bytes read in pieces: a file on disk, or memory.
public protocol ByteStream {
    /// Fills the start of `buffer`; returns how many bytes, 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}
