/// A mail gateway that may open (pre-click) links in inbound mail, recognized by the host names of its MX records.
/// A pre-click spends a single-use link such as Salesforce's password-reset link before the user sees it.
public struct LinkScannerGateway: Sendable, Equatable, Hashable {
    public var vendor: String
    public var product: String
    /// MX host suffixes, lower-case without a trailing dot: a host matches when it equals one or ends in "." + one.
    public var mxSuffixes: [String]
    public var note: String
    public var documentation: String?
}

/// The gateways recognized, as data. `documentation` is set only where the address is known to be right. Keep entries to what a vendor documents (MX host names and link rewriting or
/// time-of-click scanning).
///
/// Deliberately absent:
/// - Google Workspace (`google.com`, `googlemail.com` MX): does not pre-click links by default.
/// - Abnormal Security: API-based, never in the MX path.
/// - Avanan / Check Point Harmony Email, Vade, SpamTitan: mostly API or customer-specific hosts; their MX suffixes are
///   not confirmed from vendor documentation yet. Add them here once they are.
public enum LinkScannerCatalog {
    public static let gateways: [LinkScannerGateway] = [
        LinkScannerGateway(
            vendor: "Microsoft", product: "Exchange Online Protection / Defender for Office 365",
            mxSuffixes: ["mail.protection.outlook.com", "mail.protection.office365.us"],
            note: "Safe Links (Defender for Office 365) checks links at click time and can detonate them; "
                + "single-use links may be consumed by the scan.",
            documentation: "https://learn.microsoft.com/en-us/defender-office-365/safe-links-about"),
        LinkScannerGateway(
            vendor: "Mimecast", product: "Email Security (URL Protect)",
            mxSuffixes: ["mimecast.com", "mimecast.co.za", "mimecast-offshore.com"],
            note: "URL Protect rewrites links and may pre-scan them on delivery.",
            documentation: nil),
        LinkScannerGateway(
            vendor: "Proofpoint", product: "Email Protection / Essentials (URL Defense)",
            mxSuffixes: ["pphosted.com", "ppe-hosted.com"],
            note: "URL Defense rewrites links and sandboxes them, sometimes before delivery.",
            documentation: "https://www.proofpoint.com/us/products/threat-defense/url-defense"),
        LinkScannerGateway(
            vendor: "Barracuda", product: "Email Gateway Defense (Email Security Service)",
            mxSuffixes: ["barracudanetworks.com"],
            note: "Link Protection rewrites links and checks them; covers ess.barracudanetworks.com and regional hosts.",
            documentation: nil),
        LinkScannerGateway(
            vendor: "Cisco", product: "Secure Email (IronPort) Cloud Gateway",
            mxSuffixes: ["iphmx.com"],
            note: "URL filtering and rewriting; outbreak filters may fetch links.",
            documentation: "https://www.cisco.com/c/en/us/products/security/email-security/index.html"),
        LinkScannerGateway(
            vendor: "Trend Micro", product: "Email Security (TMES)",
            mxSuffixes: ["tmes.trendmicro.com", "tmes.trendmicro.eu"],
            note: "Time-of-click protection rewrites links and checks them.",
            documentation: nil),
        LinkScannerGateway(
            vendor: "Sophos", product: "Sophos Email",
            mxSuffixes: ["hydra.sophos.com"],
            note: "Time-of-click URL protection rewrites links.",
            documentation: nil),
        LinkScannerGateway(
            vendor: "Forcepoint", product: "Email Security Cloud",
            mxSuffixes: ["mailcontrol.com"],
            note: "URL sandboxing and link rewriting.",
            documentation: nil),
        LinkScannerGateway(
            vendor: "Broadcom (Symantec)", product: "Email Security.cloud",
            mxSuffixes: ["messagelabs.com"],
            note: "Click-time URL protection rewrites and checks links.",
            documentation: nil),
        LinkScannerGateway(
            vendor: "Hornetsecurity", product: "Spam and Malware Protection / ATP",
            mxSuffixes: ["hornetsecurity.com"],
            note: "URL rewriting and freezing of suspicious mail; ATP scans links.",
            documentation: nil),
        LinkScannerGateway(
            vendor: "Zix (AppRiver, now OpenText)", product: "Secure Email Gateway",
            mxSuffixes: ["arsmtp.com"],
            note: "Link protection in the filtering service; MX hosts look like example.com.1.0001.arsmtp.com.",
            documentation: "https://support.appriver.com/kb/a338/dynamic-mx-records.aspx"),
    ]
}
