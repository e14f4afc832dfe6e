/// The version `resetdoctor --version` prints.
public enum ResetDoctorVersion {
    public static let current = "0.1.0"
}
