public enum EmailAddressPlaceholder {}
