//! `client.quotes().attachments(quote_id)`: the files attached to one quote (upload, metadata,
//! download, zip of all, rename and reorder, copy from the library, delete), and what the
//! quote's attachments share with the library's: multipart uploads streamed from any [`Read`]
//! and downloads streamed into any [`Write`].

use std::fmt;
use std::io::{self, Read, Write};
use std::time::Duration;

use super::QuotesHandler;
use crate::client::Client;
use crate::endpoint::endpoint;
use crate::error::{Error, Result};
use crate::http::{Body, Family, Method, Multipart, Part};
use crate::models::quotes::{AttachmentUpdate, CopyAttachment, QuoteAttachment};
use crate::models::{AttachmentId, QuoteId};
use crate::request::{self, Call, Decoder};

impl QuotesHandler {
    /// The attachments of quote `quote_id` (`/v2/quotes/{quoteId}/attachments`).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::builder().access_token("t").build()?;
    /// # let quote_id = pax8::Uuid::nil();
    /// let attachments = client.quotes().attachments(quote_id);
    /// for a in attachments.list_metadata().send()? {
    ///     println!("{} {} ({})", a.order, a.name, a.kind);
    /// }
    /// // Every file of the quote in one zip, streamed to disk.
    /// let mut zip = std::fs::File::create("quote.zip").expect("writable");
    /// attachments.download_zip(&mut zip).send()?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn attachments(&self, quote_id: impl Into<QuoteId>) -> QuoteAttachmentsHandler {
        let quote_id = quote_id.into();
        QuoteAttachmentsHandler { set: AttachmentSet::new(&self.client, format!("/quotes/{quote_id}/attachments")) }
    }
}

/// Handle for `/v2/quotes/{quoteId}/attachments`. Get it with [`QuotesHandler::attachments`].
#[derive(Debug, Clone)]
pub struct QuoteAttachmentsHandler {
    set: AttachmentSet,
}

impl QuoteAttachmentsHandler {
    /// `POST /v2/quotes/{quoteId}/attachments` (multipart, field `attachments`): uploads `name`
    /// read from `reader` when the request is sent. Add more files with
    /// [`file`](UploadQuoteAttachments::file); the content type follows the extension unless
    /// [`content_type`](UploadQuoteAttachments::content_type) says otherwise. An empty file is
    /// refused before anything is sent; the upload is sent at most once (never retried, since
    /// the reader is consumed).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::builder().access_token("t").build()?;
    /// # let quote_id = pax8::Uuid::nil();
    /// let terms = std::fs::File::open("terms.pdf").expect("readable");
    /// match client.quotes().attachments(quote_id).upload("terms.pdf", terms).send() {
    ///     Ok(added) => println!("attached {} as {}", added[0].name, added[0].id),
    ///     Err(pax8::Error::InvalidInput(why)) => eprintln!("not sent: {why}"), // e.g. an empty file
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn upload(&self, name: impl Into<String>, reader: impl Read + Send + 'static) -> UploadQuoteAttachments {
        UploadQuoteAttachments(self.set.upload(name.into(), Box::new(reader)))
    }

    /// `GET /v2/quotes/{quoteId}/attachments`: the metadata of every attachment of the quote
    /// (the whole list in one answer).
    ///
    /// The spec documents this path only with `downloadZip=true` (see
    /// [`download_zip`](Self::download_zip)); without it, the answer read here is the list of
    /// metadata, as the library's `GET /v2/quote-attachments` returns it.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let quote_id = pax8::Uuid::nil();
    /// for a in client.quotes().attachments(quote_id).list_metadata().send()? {
    ///     println!("{} {}", a.name, a.kind);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list_metadata(&self) -> ListQuoteAttachments {
        ListQuoteAttachments(self.set.list())
    }

    /// `GET /v2/quotes/{quoteId}/attachments/{attachmentId}`: one attachment's metadata.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (quote_id, attachment_id) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// match client.quotes().attachments(quote_id).metadata(attachment_id).send() {
    ///     Ok(a) => println!("{} uploaded by {}", a.name, a.created_by.full_name),
    ///     Err(e) if e.status() == Some(404) => println!("no such attachment"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn metadata(&self, attachment_id: impl Into<AttachmentId>) -> GetQuoteAttachment {
        GetQuoteAttachment(self.set.metadata(attachment_id.into()))
    }

    /// `GET /v2/quotes/{quoteId}/attachments/{attachmentId}?download=true`: streams the file
    /// (PDF or whatever it is) into `out` as it arrives, never held whole in memory;
    /// [`send`](DownloadQuoteAttachment::send) returns the number of bytes written.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::builder().access_token("t").build()?;
    /// # let (quote_id, attachment_id) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// let mut file = std::fs::File::create("terms.pdf").expect("writable");
    /// let bytes = client.quotes().attachments(quote_id).download(attachment_id, &mut file).send()?;
    /// println!("{bytes} bytes saved");
    /// # Ok(())
    /// # }
    /// ```
    pub fn download<'a>(
        &self,
        attachment_id: impl Into<AttachmentId>,
        out: &'a mut dyn Write,
    ) -> DownloadQuoteAttachment<'a> {
        DownloadQuoteAttachment(self.set.download(attachment_id.into(), out))
    }

    /// `GET /v2/quotes/{quoteId}/attachments?downloadZip=true`: streams one zip of all the
    /// quote's attachments into `out`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let quote_id = pax8::Uuid::nil();
    /// let mut zip = std::io::BufWriter::new(std::fs::File::create("quote.zip").expect("writable"));
    /// client.quotes().attachments(quote_id).download_zip(&mut zip).send()?;
    /// std::io::Write::flush(&mut zip).expect("written");
    /// # Ok(()) }
    /// ```
    pub fn download_zip<'a>(&self, out: &'a mut dyn Write) -> DownloadQuoteAttachmentsZip<'a> {
        let call = self.set.call(Method::Get, String::new(), request::empty).param("downloadZip", Some(true));
        DownloadQuoteAttachmentsZip(Download::new(call, out))
    }

    /// `PUT /v2/quotes/{quoteId}/attachments`: renames and reorders attachments (start from
    /// [`AttachmentUpdate::from_attachment`] to change one thing). An empty list, an empty
    /// name or a negative order is refused before sending.
    ///
    /// ```no_run
    /// use pax8::models::AttachmentUpdate;
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let quote_id = pax8::Uuid::nil();
    /// let attachments = client.quotes().attachments(quote_id);
    /// // Reverse the order.
    /// let mut all = attachments.list_metadata().send()?;
    /// all.reverse();
    /// let updates = all.iter().zip(0..).map(|(a, i)| AttachmentUpdate::from_attachment(a).order(i));
    /// attachments.update(updates).send()?;
    /// # Ok(()) }
    /// ```
    pub fn update(&self, updates: impl IntoIterator<Item = AttachmentUpdate>) -> UpdateQuoteAttachments {
        UpdateQuoteAttachments(self.set.update(updates))
    }

    /// `POST /v2/quotes/{quoteId}/attachments/shared`: copies these library attachments to the
    /// quote. An empty list is refused before sending.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let quote_id = pax8::Uuid::nil();
    /// let library = client.quote_library().list().send()?;
    /// let terms = library.iter().filter(|a| a.name.starts_with("terms")).map(|a| a.id);
    /// client.quotes().attachments(quote_id).copy_from_library(terms).send()?;
    /// # Ok(()) }
    /// ```
    pub fn copy_from_library(
        &self,
        library_ids: impl IntoIterator<Item = impl Into<AttachmentId>>,
    ) -> CopyLibraryAttachments {
        CopyLibraryAttachments(self.set.copy(library_ids))
    }

    /// `DELETE /v2/quotes/{quoteId}/attachments/{attachmentId}`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (quote_id, attachment_id) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// client.quotes().attachments(quote_id).delete(attachment_id).send()?;
    /// # Ok(()) }
    /// ```
    pub fn delete(&self, attachment_id: impl Into<AttachmentId>) -> DeleteQuoteAttachment {
        DeleteQuoteAttachment(self.set.delete(attachment_id.into()))
    }
}

upload_endpoint! {
    /// Builder for `POST /v2/quotes/{quoteId}/attachments`: one or more files, then
    /// [`send`](Self::send), which answers the new attachments.
    UploadQuoteAttachments -> Vec<QuoteAttachment>, many
}

endpoint! {
    /// Builder for `GET /v2/quotes/{quoteId}/attachments`: [`send`](Self::send) answers the
    /// metadata of every attachment.
    ListQuoteAttachments -> Vec<QuoteAttachment>
}

endpoint! {
    /// Builder for `GET /v2/quotes/{quoteId}/attachments/{attachmentId}`: [`send`](Self::send)
    /// answers the metadata.
    GetQuoteAttachment -> QuoteAttachment
}

download_endpoint! {
    /// Builder for `GET /v2/quotes/{quoteId}/attachments/{attachmentId}?download=true`: the
    /// file, streamed into a writer by [`send`](Self::send).
    DownloadQuoteAttachment
}

download_endpoint! {
    /// Builder for `GET /v2/quotes/{quoteId}/attachments?downloadZip=true`: a zip of every
    /// file of the quote, streamed into a writer by [`send`](Self::send).
    DownloadQuoteAttachmentsZip
}

endpoint! {
    /// Builder for `PUT /v2/quotes/{quoteId}/attachments`: [`send`](Self::send) answers the
    /// attachments.
    UpdateQuoteAttachments -> Vec<QuoteAttachment>
}

endpoint! {
    /// Builder for `POST /v2/quotes/{quoteId}/attachments/shared`: [`send`](Self::send)
    /// answers the attachments added to the quote.
    CopyLibraryAttachments -> Vec<QuoteAttachment>
}

endpoint! {
    /// Builder for `DELETE /v2/quotes/{quoteId}/attachments/{attachmentId}`.
    DeleteQuoteAttachment -> ()
}

/// What the attachments of a quote and those of the library share: the same operations
/// below one base path.
#[derive(Debug, Clone)]
pub(crate) struct AttachmentSet {
    client: Client,
    base: String,
}

impl AttachmentSet {
    /// The attachments below `base` (e.g. `/quote-attachments`).
    pub(crate) fn new(client: &Client, base: String) -> Self {
        AttachmentSet { client: client.clone(), base }
    }

    /// A quoting call to `{base}{suffix}`.
    pub(crate) fn call<T>(&self, method: Method, suffix: String, decode: Decoder<T>) -> Call<T> {
        Call::new(&self.client, method, Family::Quoting, format!("{}{suffix}", self.base), decode)
    }

    /// `GET {base}`.
    pub(crate) fn list(&self) -> Call<Vec<QuoteAttachment>> {
        self.call(Method::Get, String::new(), request::json)
    }

    /// `GET {base}/{id}`.
    pub(crate) fn metadata(&self, id: AttachmentId) -> Call<QuoteAttachment> {
        self.call(Method::Get, format!("/{id}"), request::json)
    }

    /// `GET {base}/{id}?download=true` into `out`.
    pub(crate) fn download<'a>(&self, id: AttachmentId, out: &'a mut dyn Write) -> Download<'a> {
        Download::new(self.call(Method::Get, format!("/{id}"), request::empty).param("download", Some(true)), out)
    }

    /// `POST {base}`, multipart field `attachments`.
    pub(crate) fn upload(&self, name: String, reader: Box<dyn Read + Send>) -> Upload<Vec<QuoteAttachment>> {
        Upload::new(self.call(Method::Post, String::new(), request::json), "attachments", name, reader)
    }

    /// `PUT {base}` with a list of new names and positions.
    pub(crate) fn update(&self, updates: impl IntoIterator<Item = AttachmentUpdate>) -> Call<Vec<QuoteAttachment>> {
        let updates: Vec<AttachmentUpdate> = updates.into_iter().collect();
        let invalid = if updates.is_empty() {
            Some("no attachments to update".to_owned())
        } else {
            updates.iter().find_map(AttachmentUpdate::check)
        };
        self.call(Method::Put, String::new(), request::json).json(&updates).invalid(invalid)
    }

    /// `POST {base}/shared` with `[{"attachmentId"}]`: copies the attachments from the other
    /// side (library to quote, quote to library).
    pub(crate) fn copy(&self, ids: impl IntoIterator<Item = impl Into<AttachmentId>>) -> Call<Vec<QuoteAttachment>> {
        let body = CopyAttachment::list(ids.into_iter().map(Into::into));
        let invalid = body.is_empty().then(|| "no attachments to copy".to_owned());
        self.call(Method::Post, "/shared".into(), request::json).json(&body).invalid(invalid)
    }

    /// `DELETE {base}/{id}`.
    pub(crate) fn delete(&self, id: AttachmentId) -> Call<()> {
        self.call(Method::Delete, format!("/{id}"), request::empty)
    }
}

/// The content type of a file named `name`, from its extension (case-insensitive): `pdf`,
/// `png`, `jpg`/`jpeg`, `docx`, `xlsx`, `txt`, `zip`; anything else is
/// `application/octet-stream`.
pub fn content_type_for(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase());
    match ext.as_deref() {
        Some("pdf") => "application/pdf",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("txt") => "text/plain",
        Some("zip") => "application/zip",
        _ => "application/octet-stream",
    }
}

/// One file of an [`Upload`].
struct UploadFile {
    name: String,
    content_type: Option<String>,
    reader: Box<dyn Read + Send>,
}

/// A multipart upload of files streamed from readers, behind every upload builder.
pub(crate) struct Upload<T> {
    call: Call<T>,
    field: &'static str,
    files: Vec<UploadFile>,
}

impl<T> fmt::Debug for Upload<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let files: Vec<(&str, &str)> = self.files.iter().map(|u| (u.name.as_str(), u.content_type())).collect();
        f.debug_struct("Upload").field("call", &self.call).field("field", &self.field).field("files", &files).finish()
    }
}

impl UploadFile {
    fn content_type(&self) -> &str {
        self.content_type.as_deref().unwrap_or_else(|| content_type_for(&self.name))
    }

    /// The part to send, or why the file cannot be sent. Reads the first byte of the file
    /// and puts it back in front of the rest.
    fn into_part(self, field: &'static str) -> Result<Part> {
        if self.name.trim().is_empty() {
            return Err(Error::InvalidInput("an uploaded file needs a name".into()));
        }
        let content_type = self.content_type().to_owned();
        if content_type.is_empty() || content_type.chars().any(char::is_control) {
            return Err(Error::InvalidInput(format!("{}: invalid content type {content_type:?}", self.name)));
        }
        let mut reader = self.reader;
        let mut first = [0u8; 1];
        let n = loop {
            match reader.read(&mut first) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        match n {
            Ok(0) => Err(Error::InvalidInput(format!("{} is empty: there is nothing to upload", self.name))),
            Ok(_) => Ok(Part::file(field, self.name, content_type, io::Cursor::new(first).chain(reader))),
            Err(e) => Err(Error::InvalidInput(format!("cannot read {}: {e}", self.name))),
        }
    }
}

impl<T> Upload<T> {
    /// An upload of `name` from `reader` in multipart field `field`.
    pub(crate) fn new(call: Call<T>, field: &'static str, name: String, reader: Box<dyn Read + Send>) -> Self {
        Upload { call, field, files: vec![UploadFile { name, content_type: None, reader }] }
    }

    pub(crate) fn content_type(mut self, content_type: impl Into<String>) -> Self {
        if let Some(last) = self.files.last_mut() {
            last.content_type = Some(content_type.into());
        }
        self
    }

    pub(crate) fn timeout(mut self, timeout: Duration) -> Self {
        self.call = self.call.timeout(timeout);
        self
    }

    /// The call with its multipart body, after the checks.
    fn finish(self) -> Result<Call<T>> {
        let field = self.field;
        let body =
            self.files.into_iter().try_fold(Multipart::default(), |m, f| f.into_part(field).map(|p| m.part(p)))?;
        Ok(self.call.body(Body::Multipart(body)))
    }

    /// What will be sent, for the unit tests of the builders (reads the first byte of each
    /// file).
    #[cfg(test)]
    pub(crate) fn request(self) -> Result<crate::http::Request> {
        Ok(self.finish()?.request().clone())
    }

    pub(crate) fn send(self) -> Result<T> {
        self.finish()?.send()
    }

    /// Adds another file to the same upload (for a field that is a list).
    pub(crate) fn file(mut self, name: impl Into<String>, reader: impl Read + Send + 'static) -> Self {
        self.files.push(UploadFile { name: name.into(), content_type: None, reader: Box::new(reader) });
        self
    }
}

/// A download streamed into a writer, behind every download builder.
pub(crate) struct Download<'a> {
    call: Call<()>,
    out: &'a mut dyn Write,
}

impl fmt::Debug for Download<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download").field("call", &self.call).finish_non_exhaustive()
    }
}

impl<'a> Download<'a> {
    pub(crate) fn new(call: Call<()>, out: &'a mut dyn Write) -> Self {
        Download { call, out }
    }

    /// What will be sent, for the unit tests of the builders.
    #[cfg(test)]
    pub(crate) fn request(&self) -> &crate::http::Request {
        self.call.request()
    }

    pub(crate) fn timeout(mut self, timeout: Duration) -> Self {
        self.call = self.call.timeout(timeout);
        self
    }

    pub(crate) fn send(self) -> Result<u64> {
        self.call.download(self.out)
    }
}

/// Declares the public builder of one upload endpoint around an [`Upload`]; `many` adds
/// [`file`](Upload::file) for a field that takes several files.
macro_rules! upload_endpoint {
    ($(#[$doc:meta])* $name:ident -> $out:ty $(, $many:ident)?) => {
        $(#[$doc])*
        ///
        /// [`send`](Self::send) first reads one byte of each file, so that an empty file (or a
        /// file without a name, or a content type with a line break) is refused with
        /// [`Error::InvalidInput`](crate::Error::InvalidInput) before anything is sent; that
        /// byte is sent in its place. The body is streamed, never held whole in memory, and
        /// sent at most once: a 429 or a dropped connection is reported, not retried.
        #[must_use = "nothing is sent until .send()"]
        pub struct $name(Upload<$out>);

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.0).finish()
            }
        }

        impl $name {
            /// Sets the content type of the file added last (by default it follows the file
            /// name's extension: see [`content_type_for`](crate::resources::content_type_for)).
            pub fn content_type(self, content_type: impl Into<String>) -> Self {
                $name(self.0.content_type(content_type))
            }

            /// Overrides the client's overall timeout for this request; a large file may need
            /// more than the default.
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                $name(self.0.timeout(timeout))
            }

            /// Checks the files, then streams them and decodes the answer.
            pub fn send(self) -> $crate::Result<$out> {
                self.0.send()
            }

            /// What will be sent, for the unit tests of the builders (reads the first byte of
            /// each file).
            #[cfg(test)]
            #[allow(dead_code)]
            pub(crate) fn request(self) -> $crate::Result<$crate::http::Request> {
                self.0.request()
            }

            $(upload_endpoint!(@$many);)?
        }
    };
    (@many) => {
        /// Adds another file to the same upload (the `attachments` field is a list).
        pub fn file(self, name: impl Into<String>, reader: impl ::std::io::Read + Send + 'static) -> Self {
            Self(self.0.file(name, reader))
        }
    };
}
pub(crate) use upload_endpoint;

/// Declares the public builder of one download endpoint around a [`Download`].
macro_rules! download_endpoint {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// The body is copied into the writer as it arrives, with no size cap and never held
        /// whole in memory. A transfer that fails midway is not retried (the writer may hold
        /// part of the file); a failure status writes nothing. The writer is not flushed:
        /// flush a buffered writer yourself.
        #[must_use = "nothing is sent until .send()"]
        pub struct $name<'a>(Download<'a>);

        impl ::std::fmt::Debug for $name<'_> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.0).finish()
            }
        }

        impl $name<'_> {
            /// Overrides the client's overall timeout for this request (the whole transfer); a
            /// large file may need more than the default.
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                $name(self.0.timeout(timeout))
            }

            /// Sends the request and streams a 2xx body into the writer; returns the number of
            /// bytes written.
            pub fn send(self) -> $crate::Result<u64> {
                self.0.send()
            }

            /// What will be sent, for the unit tests of the builders.
            #[cfg(test)]
            #[allow(dead_code)]
            pub(crate) fn request(&self) -> &$crate::http::Request {
                self.0.request()
            }
        }
    };
}
pub(crate) use download_endpoint;

#[cfg(test)]
pub(crate) mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::http::Request;
    use crate::resources::tests::client;

    const Q: Uuid = uuid::uuid!("6f0bde47-96e8-4a43-8f1e-5b4c0b8f7a11");
    const A: Uuid = uuid::uuid!("0d9f1c2e-3b4a-4c5d-8e6f-708192a3b4c5");

    /// The multipart parts of a request as (field, file name, content type, bytes), read the
    /// way the executor will stream them.
    pub(crate) fn parts(req: &Request) -> Vec<(String, String, String, Vec<u8>)> {
        match &req.body {
            Body::Multipart(m) => m.clone().read_parts(),
            other => panic!("not multipart: {other:?}"),
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        let cases = [
            ("terms.PDF", "application/pdf"),
            ("logo.png", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.JPEG", "image/jpeg"),
            ("sow.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ("prices.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("notes.txt", "text/plain"),
            ("all.zip", "application/zip"),
            ("README", "application/octet-stream"),
            ("archive.tar.gz", "application/octet-stream"),
        ];
        for (name, ct) in cases {
            assert_eq!(content_type_for(name), ct, "{name}");
        }
    }

    #[test]
    fn upload_streams_each_file_as_an_attachments_part() {
        let req = client()
            .quotes()
            .attachments(Q)
            .upload("terms.pdf", &b"%PDF-1.7"[..])
            .file("notes.bin", &b"hello"[..])
            .content_type("text/markdown")
            .request()
            .unwrap();
        assert_eq!((req.method, req.path_and_query()), (Method::Post, format!("/quotes/{Q}/attachments")));
        assert_eq!(
            parts(&req),
            vec![
                ("attachments".into(), "terms.pdf".into(), "application/pdf".into(), b"%PDF-1.7".to_vec()),
                ("attachments".into(), "notes.bin".into(), "text/markdown".into(), b"hello".to_vec()),
            ]
        );
    }

    #[test]
    fn bad_uploads_are_refused_before_sending() {
        let attachments = client().quotes().attachments(Q);
        let err = attachments.upload("empty.pdf", io::empty()).request().unwrap_err();
        assert!(matches!(&err, Error::InvalidInput(m) if m.contains("empty.pdf is empty")), "{err}");
        let err = attachments.upload("a.pdf", &b"x"[..]).file("b.pdf", io::empty()).request().unwrap_err();
        assert!(err.to_string().contains("b.pdf is empty"), "{err}");
        let err = attachments.upload(" ", &b"x"[..]).request().unwrap_err();
        assert!(err.to_string().contains("needs a name"), "{err}");
        let err = attachments.upload("a.pdf", &b"x"[..]).content_type("text/plain\r\nX-Evil: 1").request().unwrap_err();
        assert!(err.to_string().contains("invalid content type"), "{err}");
    }

    /// A reader that hands out one byte per call, to show the peeked byte is put back.
    struct OneByte(Vec<u8>, usize);

    impl Read for OneByte {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.1 >= self.0.len() || buf.is_empty() {
                return Ok(0);
            }
            buf[0] = self.0[self.1];
            self.1 += 1;
            Ok(1)
        }
    }

    #[test]
    fn the_peeked_byte_is_sent_first() {
        let req = client().quotes().attachments(Q).upload("a.txt", OneByte(b"abc".to_vec(), 0)).request().unwrap();
        assert_eq!(parts(&req)[0].3, b"abc");
    }

    #[test]
    fn metadata_download_zip_and_delete_paths() {
        let a = client().quotes().attachments(Q);
        let base = format!("/quotes/{Q}/attachments");
        assert_eq!(
            (a.list_metadata().request().method, a.list_metadata().request().path_and_query()),
            (Method::Get, base.clone())
        );
        assert_eq!(a.metadata(A).request().path_and_query(), format!("{base}/{A}"));
        let mut out = Vec::new();
        assert_eq!(a.download(A, &mut out).request().path_and_query(), format!("{base}/{A}?download=true"));
        assert_eq!(a.download_zip(&mut out).request().path_and_query(), format!("{base}?downloadZip=true"));
        let delete = a.delete(A);
        assert_eq!(
            (delete.request().method, delete.request().path_and_query()),
            (Method::Delete, format!("{base}/{A}"))
        );
    }

    #[test]
    fn update_and_copy_bodies() {
        let a = client().quotes().attachments(Q);
        let update = a.update([AttachmentUpdate::new(A, "Terms", 2)]);
        assert_eq!(
            (update.request().method, update.request().path_and_query()),
            (Method::Put, format!("/quotes/{Q}/attachments"))
        );
        assert_eq!(update.request().json_body().unwrap(), serde_json::json!([{"id": A, "name": "Terms", "order": 2}]));
        let copy = a.copy_from_library([A]);
        assert_eq!(
            (copy.request().method, copy.request().path_and_query()),
            (Method::Post, format!("/quotes/{Q}/attachments/shared"))
        );
        assert_eq!(copy.request().json_body().unwrap(), serde_json::json!([{"attachmentId": A}]));
    }

    #[test]
    fn empty_or_bad_lists_are_refused() {
        let a = client().quotes().attachments(Q);
        let refused = |r: Result<Vec<QuoteAttachment>>| match r {
            Err(Error::InvalidInput(m)) => m,
            other => panic!("{other:?}"),
        };
        assert!(refused(a.update(Vec::new()).send()).contains("no attachments to update"));
        assert!(refused(a.update([AttachmentUpdate::new(A, "", 0)]).send()).contains("needs a name"));
        assert!(refused(a.update([AttachmentUpdate::new(A, "x", -1)]).send()).contains("negative order"));
        assert!(refused(a.copy_from_library(Vec::<AttachmentId>::new()).send()).contains("no attachments to copy"));
    }
}
