//! Attachments of a quote, of the partner's library and of the preferences: metadata and the
//! bodies that rename, reorder and copy them (the files themselves travel as multipart and
//! streams, not as models).

use crate::models::common::checked_model;
use serde::{Deserialize, Serialize};

use crate::models::common::{Timestamp, timestamp};
use crate::models::ids::{AttachmentId, UserId};

/// Who uploaded an attachment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct CreatedBy {
    /// User id.
    pub id: UserId,
    /// Full name.
    pub full_name: String,
    /// Role.
    pub role: String,
}

checked_model! {
    /// Metadata of an attachment (the spec's `AttachmentResponse`).
    #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct QuoteAttachment {
        /// Attachment id.
        pub id: AttachmentId,
        /// File name.
        pub name: String,
        /// Position among the attachments.
        pub order: i32,
        /// The file's type as Pax8 reports it, e.g. `application/pdf` (a free string in the spec).
        #[serde(rename = "type")]
        pub kind: String,
        /// Where to download it.
        pub url: String,
        /// Who uploaded it.
        pub created_by: CreatedBy,
        /// Uploaded.
        #[serde(deserialize_with = "timestamp")]
        pub created_on: Option<Timestamp>,
        /// Last replaced.
        #[serde(deserialize_with = "timestamp")]
        pub replaced_on: Option<Timestamp>,
    }
    "quote attachment"
}

/// New name and position of an attachment (the spec's `UpdateAttachmentPayload`; a list of
/// them is the body of `PUT .../attachments`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentUpdate {
    id: AttachmentId,
    name: String,
    order: i32,
}

impl AttachmentUpdate {
    /// Attachment `id` is named `name`, at position `order`.
    pub fn new(id: impl Into<AttachmentId>, name: impl Into<String>, order: i32) -> Self {
        AttachmentUpdate { id: id.into(), name: name.into(), order }
    }

    /// The same name and position the attachment has, to change one of them with the setters.
    pub fn from_attachment(a: &QuoteAttachment) -> Self {
        Self::new(a.id, a.name.clone(), a.order)
    }

    /// The new name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// The new position.
    pub fn order(mut self, order: i32) -> Self {
        self.order = order;
        self
    }

    /// Refuses an empty name or a negative position.
    pub(crate) fn check(&self) -> Option<String> {
        if self.name.trim().is_empty() {
            return Some(format!("attachment {} needs a name", self.id));
        }
        (self.order < 0).then(|| format!("attachment {} has a negative order {}", self.id, self.order))
    }
}

/// One attachment to copy (the spec's `CopyAttachmentPayload`: `{"attachmentId"}`), from the
/// library to a quote or from a quote to the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CopyAttachment {
    attachment_id: AttachmentId,
}

impl CopyAttachment {
    /// Copies attachment `id`.
    pub(crate) fn new(id: AttachmentId) -> Self {
        CopyAttachment { attachment_id: id }
    }

    /// The body for a list of ids: `[{"attachmentId": ...}, ...]`.
    pub(crate) fn list(ids: impl IntoIterator<Item = AttachmentId>) -> Vec<CopyAttachment> {
        ids.into_iter().map(Self::new).collect()
    }
}
