//! `client.quote_library()`: the partner's library of attachments (`/v2/quote-attachments`),
//! files kept once and copied onto quotes.

use std::io::{Read, Write};

use super::attachments::{AttachmentSet, Download, Upload, download_endpoint, upload_endpoint};
use crate::client::Client;
use crate::endpoint::endpoint;
use crate::http::Method;
use crate::models::AttachmentId;
use crate::models::quotes::{AttachmentUpdate, QuoteAttachment};
use crate::request;

impl Client {
    /// The partner's library of quote attachments (quoting API v2): files uploaded once and
    /// copied onto quotes with
    /// [`attachments(quote_id).copy_from_library`](super::QuoteAttachmentsHandler::copy_from_library).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::builder().access_token("t").build()?;
    /// # let quote_id = pax8::Uuid::nil();
    /// let library = client.quote_library();
    /// let terms = std::fs::File::open("terms.pdf").expect("readable");
    /// let added = library.upload("terms.pdf", terms).send()?;
    /// // Attach the library's copy to a quote.
    /// client.quotes().attachments(quote_id).copy_from_library(added.iter().map(|a| a.id)).send()?;
    /// for a in library.list().send()? {
    ///     println!("{} uploaded by {}", a.name, a.created_by.full_name);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn quote_library(&self) -> QuoteLibraryHandler {
        QuoteLibraryHandler { set: AttachmentSet::new(self, "/quote-attachments".into()) }
    }
}

/// Handle for `/v2/quote-attachments`. Get it with [`Client::quote_library`].
#[derive(Debug, Clone)]
pub struct QuoteLibraryHandler {
    set: AttachmentSet,
}

impl QuoteLibraryHandler {
    /// `GET /v2/quote-attachments`: the metadata of every library attachment (the whole list
    /// in one answer: the wire does not page it).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// for a in client.quote_library().list().send()? {
    ///     println!("{} {}", a.id, a.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListLibraryAttachments {
        ListLibraryAttachments(self.set.list())
    }

    /// `POST /v2/quote-attachments` (multipart, field `attachments`): uploads `name` read from
    /// `reader` when the request is sent; more files with
    /// [`file`](UploadLibraryAttachments::file). Same rules as a quote's
    /// [`upload`](super::QuoteAttachmentsHandler::upload): an empty file is refused before
    /// sending, the body is streamed and sent at most once.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// let terms = std::fs::File::open("terms.pdf").expect("readable");
    /// let sla = std::fs::File::open("sla.docx").expect("readable");
    /// let added = client.quote_library().upload("terms.pdf", terms).file("sla.docx", sla).send()?;
    /// println!("{} files in the library", added.len());
    /// # Ok(()) }
    /// ```
    pub fn upload(&self, name: impl Into<String>, reader: impl Read + Send + 'static) -> UploadLibraryAttachments {
        UploadLibraryAttachments(self.set.upload(name.into(), Box::new(reader)))
    }

    /// `PUT /v2/quote-attachments`: renames and reorders library attachments. An empty list,
    /// an empty name or a negative order is refused before sending.
    ///
    /// ```no_run
    /// use pax8::models::AttachmentUpdate;
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// let library = client.quote_library();
    /// let first = library.list().send()?.remove(0);
    /// library.update([AttachmentUpdate::from_attachment(&first).name("Terms 2027.pdf")]).send()?;
    /// # Ok(()) }
    /// ```
    pub fn update(&self, updates: impl IntoIterator<Item = AttachmentUpdate>) -> UpdateLibraryAttachments {
        UpdateLibraryAttachments(self.set.update(updates))
    }

    /// `POST /v2/quote-attachments/shared`: copies these attachments of a quote into the
    /// library. An empty list is refused before sending.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let quote_id = pax8::Uuid::nil();
    /// let on_quote = client.quotes().attachments(quote_id).list_metadata().send()?;
    /// client.quote_library().share_from_quote(on_quote.iter().map(|a| a.id)).send()?;
    /// # Ok(()) }
    /// ```
    pub fn share_from_quote(
        &self,
        quote_attachment_ids: impl IntoIterator<Item = impl Into<AttachmentId>>,
    ) -> ShareQuoteAttachments {
        ShareQuoteAttachments(self.set.copy(quote_attachment_ids))
    }

    /// `GET /v2/quote-attachments/{attachmentId}`: one attachment's metadata.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let attachment_id = pax8::Uuid::nil();
    /// match client.quote_library().metadata(attachment_id).send() {
    ///     Ok(a) => println!("{} ({})", a.name, a.kind),
    ///     Err(e) if e.status() == Some(404) => println!("not in the library"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn metadata(&self, attachment_id: impl Into<AttachmentId>) -> GetLibraryAttachment {
        GetLibraryAttachment(self.set.metadata(attachment_id.into()))
    }

    /// `GET /v2/quote-attachments/{attachmentId}?download=true`: streams the file into `out`;
    /// [`send`](DownloadLibraryAttachment::send) returns the number of bytes written.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let attachment_id = pax8::Uuid::nil();
    /// let mut file = std::fs::File::create("terms.pdf").expect("writable");
    /// client.quote_library().download(attachment_id, &mut file).send()?;
    /// # Ok(()) }
    /// ```
    pub fn download<'a>(
        &self,
        attachment_id: impl Into<AttachmentId>,
        out: &'a mut dyn Write,
    ) -> DownloadLibraryAttachment<'a> {
        DownloadLibraryAttachment(self.set.download(attachment_id.into(), out))
    }

    /// `PATCH /v2/quote-attachments/{attachmentId}` (multipart, field `attachment`): replaces
    /// the file of a library attachment with `name` read from `reader`. Same rules as an
    /// upload; answers the replaced attachment.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let attachment_id = pax8::Uuid::nil();
    /// let terms = std::fs::File::open("terms-2027.pdf").expect("readable");
    /// let replaced = client.quote_library().replace(attachment_id, "terms-2027.pdf", terms).send()?;
    /// println!("replaced on {:?}", replaced.replaced_on);
    /// # Ok(()) }
    /// ```
    pub fn replace(
        &self,
        attachment_id: impl Into<AttachmentId>,
        name: impl Into<String>,
        reader: impl Read + Send + 'static,
    ) -> ReplaceLibraryAttachment {
        let attachment_id = attachment_id.into();
        let call = self.set.call(Method::Patch, format!("/{attachment_id}"), request::json);
        ReplaceLibraryAttachment(Upload::new(call, "attachment", name.into(), Box::new(reader)))
    }

    /// `DELETE /v2/quote-attachments/{attachmentId}`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let attachment_id = pax8::Uuid::nil();
    /// client.quote_library().delete(attachment_id).send()?;
    /// # Ok(()) }
    /// ```
    pub fn delete(&self, attachment_id: impl Into<AttachmentId>) -> DeleteLibraryAttachment {
        DeleteLibraryAttachment(self.set.delete(attachment_id.into()))
    }
}

endpoint! {
    /// Builder for `GET /v2/quote-attachments`: [`send`](Self::send) answers the metadata of
    /// every library attachment.
    ListLibraryAttachments -> Vec<QuoteAttachment>
}

upload_endpoint! {
    /// Builder for `POST /v2/quote-attachments`: one or more files, then [`send`](Self::send),
    /// which answers the new attachments.
    UploadLibraryAttachments -> Vec<QuoteAttachment>, many
}

endpoint! {
    /// Builder for `PUT /v2/quote-attachments`: [`send`](Self::send) answers the attachments.
    UpdateLibraryAttachments -> Vec<QuoteAttachment>
}

endpoint! {
    /// Builder for `POST /v2/quote-attachments/shared`: [`send`](Self::send) answers the
    /// attachments added to the library.
    ShareQuoteAttachments -> Vec<QuoteAttachment>
}

endpoint! {
    /// Builder for `GET /v2/quote-attachments/{attachmentId}`: [`send`](Self::send) answers
    /// the metadata.
    GetLibraryAttachment -> QuoteAttachment
}

download_endpoint! {
    /// Builder for `GET /v2/quote-attachments/{attachmentId}?download=true`: the file,
    /// streamed into a writer by [`send`](Self::send).
    DownloadLibraryAttachment
}

upload_endpoint! {
    /// Builder for `PATCH /v2/quote-attachments/{attachmentId}`: one file, then
    /// [`send`](Self::send), which answers the replaced attachment.
    ReplaceLibraryAttachment -> QuoteAttachment
}

endpoint! {
    /// Builder for `DELETE /v2/quote-attachments/{attachmentId}`.
    DeleteLibraryAttachment -> ()
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::resources::quotes::attachments::tests::parts;
    use crate::resources::tests::client;

    const A: Uuid = uuid::uuid!("0d9f1c2e-3b4a-4c5d-8e6f-708192a3b4c5");

    #[test]
    fn list_metadata_download_and_delete_paths() {
        let lib = client().quote_library();
        let list = lib.list();
        assert_eq!(
            (list.request().method, list.request().path_and_query()),
            (Method::Get, "/quote-attachments".into())
        );
        assert_eq!(lib.metadata(A).request().path_and_query(), format!("/quote-attachments/{A}"));
        let mut out = Vec::new();
        let download = lib.download(A, &mut out);
        assert_eq!(download.request().path_and_query(), format!("/quote-attachments/{A}?download=true"));
        let delete = lib.delete(A);
        assert_eq!(
            (delete.request().method, delete.request().path_and_query()),
            (Method::Delete, format!("/quote-attachments/{A}"))
        );
    }

    #[test]
    fn upload_and_replace_send_their_fields() {
        let lib = client().quote_library();
        let up = lib.upload("logo.png", &b"\x89PNG"[..]).request().unwrap();
        assert_eq!((up.method, up.path_and_query()), (Method::Post, "/quote-attachments".into()));
        assert_eq!(
            parts(&up),
            vec![("attachments".into(), "logo.png".into(), "image/png".into(), b"\x89PNG".to_vec())]
        );

        let re = lib.replace(A, "terms v2.pdf", &b"%PDF"[..]).content_type("application/x-pdf").request().unwrap();
        assert_eq!((re.method, re.path_and_query()), (Method::Patch, format!("/quote-attachments/{A}")));
        assert_eq!(
            parts(&re),
            vec![("attachment".into(), "terms v2.pdf".into(), "application/x-pdf".into(), b"%PDF".to_vec())]
        );
        assert!(lib.replace(A, "empty.pdf", std::io::empty()).request().is_err());
    }

    #[test]
    fn update_and_share_bodies() {
        let lib = client().quote_library();
        let update = lib.update([AttachmentUpdate::new(A, "Terms", 0)]);
        assert_eq!(
            (update.request().method, update.request().path_and_query()),
            (Method::Put, "/quote-attachments".into())
        );
        assert_eq!(update.request().json_body().unwrap(), serde_json::json!([{"id": A, "name": "Terms", "order": 0}]));
        let share = lib.share_from_quote([A, Uuid::nil()]);
        assert_eq!(
            (share.request().method, share.request().path_and_query()),
            (Method::Post, "/quote-attachments/shared".into())
        );
        assert_eq!(
            share.request().json_body().unwrap(),
            serde_json::json!([{"attachmentId": A}, {"attachmentId": Uuid::nil()}])
        );
        assert!(matches!(lib.share_from_quote(Vec::<AttachmentId>::new()).send(), Err(crate::Error::InvalidInput(_))));
    }
}
