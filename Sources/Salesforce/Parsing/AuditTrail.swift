import Foundation

/// `audit-trail.json`: `SELECT Id, Action, Section, Display, CreatedDate, CreatedBy.Username, DelegateUser
/// FROM SetupAuditTrail WHERE CreatedDate >= … ORDER BY CreatedDate DESC`. Returned newest first.
public enum AuditTrailQuery {
    static let query = SOQLResult.Query(
        sObject: "SetupAuditTrail",
        soql: "SELECT Id, Action, Section, Display, CreatedDate, CreatedBy.Username, DelegateUser FROM SetupAuditTrail WHERE CreatedDate >= … ORDER BY CreatedDate DESC")

    public static func parse(_ data: Data, file: String) throws -> [AuditTrailEntry] {
        try SOQLResult.map(data, file: file, query: query) { record in
            let action = try record.string("Action")
            return AuditTrailEntry(
                id: try record.string("Id"),
                action: action,
                section: try record.string("Section"),
                // Display is nillable; the code is the best description left when it is null.
                display: try record.string("Display") ?? action ?? "",
                createdDate: try record.required("CreatedDate", record.date),
                createdByUsername: try record.string("CreatedBy.Username"),
                delegateUser: try record.string("DelegateUser"),
                origin: record.origin)
        }
        .newestFirst(by: \.createdDate)
    }
}

/// `audit-trail.csv`: the Setup download, `Date,User,Source Namespace Prefix,Action,Section,Delegate User`.
/// Its "Action" column holds the sentence (the API's `Display`); the action code is not in the file.
/// Returned newest first.
public enum AuditTrailCSV {
    static let hint = "download it again from Setup > View Setup Audit Trail > Download setup audit trail for last six months"

    public static func parse(_ data: Data, file: String) throws -> [AuditTrailEntry] {
        let csv = try SetupDownloadCSV(
            data, file: file, what: "a Setup Audit Trail download", required: ["Date", "User", "Action", "Section"], hint: hint)
        let table = csv.table
        let date = try csv.requiredColumn("Date")
        let (user, action, section, delegate) = (
            try table.column("User"), try table.column("Action"), try table.column("Section"), try table.column("Delegate User"))
        let dates = try csv.dates(column: date, name: "Date", example: "9/10/2026, 4:21:14 AM PDT")
        return zip(table.rows, dates).map { row, createdDate in
            AuditTrailEntry(
                action: nil,
                section: csv.cell(row, section),
                display: csv.cell(row, action) ?? "",
                createdDate: createdDate,
                createdByUsername: csv.cell(row, user),
                delegateUser: csv.cell(row, delegate),
                origin: "\(file) line \(row.line)")
        }
        .newestFirst(by: \.createdDate)
    }
}
