//! CSV output for the examples (RFC 4180 quoting, no dependency).

use std::io::{self, Write};

/// Writes one CSV row: a field containing a comma, a quote or a line break is quoted, with
/// its quotes doubled (RFC 4180).
pub fn write_row(out: &mut impl Write, fields: &[impl AsRef<str>]) -> io::Result<()> {
    for (i, field) in fields.iter().enumerate() {
        let field = field.as_ref();
        if i > 0 {
            out.write_all(b",")?;
        }
        if field.contains([',', '"', '\n', '\r']) {
            write!(out, "\"{}\"", field.replace('"', "\"\""))?;
        } else {
            out.write_all(field.as_bytes())?;
        }
    }
    out.write_all(b"\n")
}
