//! `multipart/form-data` bodies: parts streamed from readers or held as bytes, encoded as
//! one reader when the request is sent.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::io::{self, Read};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// A `multipart/form-data` body: file parts streamed from readers or held as bytes.
#[derive(Clone, Debug, Default)]
pub(crate) struct Multipart {
    parts: Vec<Part>,
}

/// One part of a [`Multipart`] body.
#[derive(Clone)]
pub(crate) struct Part {
    name: String,
    file_name: Option<String>,
    content_type: String,
    data: PartData,
}

#[derive(Clone)]
enum PartData {
    Bytes(Arc<[u8]>),
    /// Read once, when the request is sent; a body with such a part is never re-sent.
    Reader(Arc<Mutex<Option<Box<dyn Read + Send>>>>),
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let data = match &self.data {
            PartData::Bytes(b) => format!("{} bytes", b.len()),
            PartData::Reader(_) => "streamed".to_owned(),
        };
        f.debug_struct("Part")
            .field("name", &self.name)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("data", &data)
            .finish()
    }
}

impl Part {
    /// A file part read from `reader` when the request is sent (never held whole in memory).
    pub(crate) fn file(
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        reader: impl Read + Send + 'static,
    ) -> Self {
        Part {
            name: name.into(),
            file_name: Some(file_name.into()),
            content_type: content_type.into(),
            data: PartData::Reader(Arc::new(Mutex::new(Some(Box::new(reader))))),
        }
    }

    /// A part held in memory (a small field or file); such a body can be re-sent.
    #[cfg_attr(not(test), allow(dead_code))] // no endpoint sends a field held in memory yet
    pub(crate) fn bytes(
        name: impl Into<String>,
        file_name: Option<String>,
        content_type: impl Into<String>,
        data: impl Into<Arc<[u8]>>,
    ) -> Self {
        Part { name: name.into(), file_name, content_type: content_type.into(), data: PartData::Bytes(data.into()) }
    }

    /// The field name, file name and content type (what a cassette records of an upload).
    #[cfg_attr(not(feature = "testing"), allow(dead_code))]
    pub(crate) fn head(&self) -> (&str, Option<&str>, &str) {
        (&self.name, self.file_name.as_deref(), &self.content_type)
    }
}

impl Multipart {
    /// Whether the body can be sent again: false once a streamed part has been read.
    pub(crate) fn repeatable(&self) -> bool {
        self.parts.iter().all(|p| matches!(p.data, PartData::Bytes(_)))
    }

    /// The parts, for `Debug`.
    pub(crate) fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// Adds a part.
    pub(crate) fn part(mut self, part: Part) -> Self {
        self.parts.push(part);
        self
    }

    /// Each part as (field, file name or empty, content type, content), reading the streamed
    /// ones: what the unit tests of the upload builders check.
    #[cfg(test)]
    pub(crate) fn read_parts(self) -> Vec<(String, String, String, Vec<u8>)> {
        self.parts
            .into_iter()
            .map(|p| {
                let mut data = Vec::new();
                match p.data {
                    PartData::Bytes(b) => data.extend_from_slice(&b),
                    PartData::Reader(r) => {
                        let mut r = r.lock().unwrap().take().expect("a streamed part is read once");
                        r.read_to_end(&mut data).unwrap();
                    }
                }
                (p.name, p.file_name.unwrap_or_default(), p.content_type, data)
            })
            .collect()
    }

    /// A boundary that does not occur in the part headers (file contents are not scanned:
    /// 32 random hex digits make a collision practically impossible).
    fn boundary() -> String {
        let r = RandomState::new();
        format!("pax8-rs-{:016x}{:016x}", r.hash_one(Instant::now()), r.hash_one(std::process::id()))
    }

    /// The body as one reader, parts streamed in order, and its content type.
    pub(crate) fn into_reader(self) -> io::Result<(Box<dyn Read + Send>, String)> {
        let boundary = Self::boundary();
        let mut reader: Box<dyn Read + Send> = Box::new(io::empty());
        for part in self.parts {
            let mut head = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"", quote(&part.name));
            if let Some(f) = &part.file_name {
                head.push_str(&file_name_params(f));
            }
            head.push_str(&format!("\r\nContent-Type: {}\r\n\r\n", part.content_type));
            let data: Box<dyn Read + Send> = match part.data {
                PartData::Bytes(b) => Box::new(io::Cursor::new(b)),
                PartData::Reader(r) => r.lock().unwrap_or_else(|p| p.into_inner()).take().ok_or_else(|| {
                    io::Error::other("a streamed part was already sent once and cannot be sent again")
                })?,
            };
            reader = Box::new(reader.chain(io::Cursor::new(head.into_bytes())).chain(data).chain(&b"\r\n"[..]));
        }
        let tail = format!("--{boundary}--\r\n");
        Ok((
            Box::new(reader.chain(io::Cursor::new(tail.into_bytes()))),
            format!("multipart/form-data; boundary={boundary}"),
        ))
    }
}

/// A header parameter value for a quoted string, the way browsers write form data (WHATWG
/// HTML, RFC 7578): control characters (C0, DEL, C1) removed, `"` and `\\` percent-encoded,
/// so that a value can neither end the string nor add a parameter or a header line, whether
/// the server reads backslash escapes or not. Non-ASCII characters are replaced by `_`
/// (see [`file_name_params`] for names that have some).
fn quote(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '"' => "%22".to_owned(),
            '\\' => "%5C".to_owned(),
            c if !c.is_ascii() => "_".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

/// The `filename` parameters of a part: `; filename="..."` (see [`quote`]), and for a name
/// with non-ASCII characters `; filename*=UTF-8''...` too (RFC 8187 percent-encoding), after
/// the ASCII fallback for servers that do not read it.
fn file_name_params(name: &str) -> String {
    let name: String = name.chars().filter(|c| !c.is_control()).collect();
    let mut out = format!("; filename=\"{}\"", quote(&name));
    if !name.is_ascii() {
        out.push_str("; filename*=UTF-8''");
        for b in name.bytes() {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_streams_parts_in_order() {
        let m = Multipart::default()
            .part(Part::file("attachments", "a \"x\".pdf", "application/pdf", &b"%PDF-1"[..]))
            .part(Part::bytes("attachments", Some("b.txt".into()), "text/plain", &b"hello"[..]));
        let (mut r, ct) = m.into_reader().unwrap();
        let boundary = ct.strip_prefix("multipart/form-data; boundary=").unwrap().to_owned();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        assert_eq!(
            s,
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"a %22x%22.pdf\"\r\n\
                 Content-Type: application/pdf\r\n\r\n%PDF-1\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"b.txt\"\r\n\
                 Content-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n"
            )
        );
    }

    /// The `Content-Disposition` line of a part with file name `name`.
    fn disposition(name: &str) -> String {
        let m = Multipart::default().part(Part::bytes("attachments", Some(name.into()), "text/plain", &b"x"[..]));
        let (mut r, _) = m.into_reader().unwrap();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        s.lines().nth(1).unwrap().to_owned()
    }

    #[test]
    fn file_names_cannot_add_parameters_or_lines() {
        let d = |tail: &str| format!("Content-Disposition: form-data; name=\"attachments\"; {tail}");
        // Every control character goes: C0 (NUL, VT, FF, ESC, CR, LF, TAB), DEL and C1.
        assert_eq!(
            disposition("a\0b\x0bc\x0cd\x1be\rf\ng\th\x7fi\u{85}j\u{9b}k.pdf"),
            d("filename=\"abcdefghijk.pdf\"")
        );
        // Quotes and backslashes cannot end the string, with or without backslash escapes.
        assert_eq!(
            disposition("x\"; name=\"evil\"; filename=\"y.pdf"),
            d("filename=\"x%22; name=%22evil%22; filename=%22y.pdf\"")
        );
        assert_eq!(disposition("x\\\"; a=b"), d("filename=\"x%5C%22; a=b\""));
        assert_eq!(disposition("trailing\\"), d("filename=\"trailing%5C\""));
        // Non-ASCII names: an ASCII fallback and `filename*` (RFC 8187).
        assert_eq!(
            disposition("Angebot \u{fc}ber \u{20ac}5\r.pdf"),
            d("filename=\"Angebot _ber _5.pdf\"; filename*=UTF-8''Angebot%20%C3%BCber%20%E2%82%AC5.pdf")
        );
    }
}
