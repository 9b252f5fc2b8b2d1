//! `client.quote_library()`: the partner's library of attachments (`/v2/quote-attachments`),
//! files kept once and copied onto quotes.

use std::io::{Read, Write};

use uuid::Uuid;

use super::attachments::{AttachmentSet, Download, ReplaceAttachment, Upload, UploadAttachments};
use crate::client::Client;
use crate::http::Method;
use crate::models::quotes::{AttachmentUpdate, QuoteAttachment};
use crate::request::{self, Call};

impl Client {
    /// The partner's library of quote attachments (quoting API v2): files uploaded once and
    /// copied onto quotes with
    /// [`attachments(quote_id).copy_from_library`](super::QuoteAttachments::copy_from_library).
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
    pub fn quote_library(&self) -> QuoteLibrary {
        QuoteLibrary { set: AttachmentSet::new(self, "/quote-attachments".into()) }
    }
}

/// Handle for `/v2/quote-attachments`. Get it with [`Client::quote_library`].
#[derive(Debug, Clone)]
pub struct QuoteLibrary {
    set: AttachmentSet,
}

impl QuoteLibrary {
    /// `GET /v2/quote-attachments`: the metadata of every library attachment.
    pub fn list(&self) -> Call<Vec<QuoteAttachment>> {
        self.set.list()
    }

    /// `POST /v2/quote-attachments` (multipart, field `attachments`): uploads `name` read from
    /// `reader` when the request is sent; more files with [`file`](Upload::file). Same rules
    /// as a quote's [`upload`](super::QuoteAttachments::upload): an empty file is refused
    /// before sending, the body is streamed and sent at most once.
    pub fn upload(&self, name: impl Into<String>, reader: impl Read + Send + 'static) -> UploadAttachments {
        self.set.upload(name.into(), Box::new(reader))
    }

    /// `PUT /v2/quote-attachments`: renames and reorders library attachments. An empty list,
    /// an empty name or a negative order is refused before sending.
    pub fn update(&self, updates: impl IntoIterator<Item = AttachmentUpdate>) -> Call<Vec<QuoteAttachment>> {
        self.set.update(updates)
    }

    /// `POST /v2/quote-attachments/shared`: copies these attachments of a quote into the
    /// library. An empty list is refused before sending.
    pub fn share_from_quote(&self, quote_attachment_ids: impl IntoIterator<Item = Uuid>) -> Call<Vec<QuoteAttachment>> {
        self.set.copy(quote_attachment_ids)
    }

    /// `GET /v2/quote-attachments/{attachmentId}`: one attachment's metadata.
    pub fn metadata(&self, attachment_id: Uuid) -> Call<QuoteAttachment> {
        self.set.metadata(attachment_id)
    }

    /// `GET /v2/quote-attachments/{attachmentId}?download=true`: streams the file into `out`
    /// (see [`Download`]); [`send`](Download::send) returns the number of bytes written.
    pub fn download<'a>(&self, attachment_id: Uuid, out: &'a mut dyn Write) -> Download<'a> {
        self.set.download(attachment_id, out)
    }

    /// `PATCH /v2/quote-attachments/{attachmentId}` (multipart, field `attachment`): replaces
    /// the file of a library attachment with `name` read from `reader`. Same rules as an
    /// upload; answers the replaced attachment.
    pub fn replace(
        &self,
        attachment_id: Uuid,
        name: impl Into<String>,
        reader: impl Read + Send + 'static,
    ) -> ReplaceAttachment {
        let call = self.set.call(Method::Patch, format!("/{attachment_id}"), request::json);
        Upload::new(call, "attachment", name.into(), Box::new(reader))
    }

    /// `DELETE /v2/quote-attachments/{attachmentId}`.
    pub fn delete(&self, attachment_id: Uuid) -> Call<()> {
        self.set.delete(attachment_id)
    }
}

#[cfg(test)]
mod tests {
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
        assert!(matches!(lib.share_from_quote([]).send(), Err(crate::Error::InvalidInput(_))));
    }
}
