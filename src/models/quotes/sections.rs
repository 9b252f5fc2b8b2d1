//! Sections of a quote: named, ordered groups of line items.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::models::common::null_as_empty;

/// A line item's place in a section.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct SectionLineItem {
    /// The line item.
    pub line_item_id: Uuid,
    /// Its position in the section.
    pub order: i32,
}

impl SectionLineItem {
    /// Line item `line_item_id` at position `order`.
    pub fn new(line_item_id: Uuid, order: i32) -> Self {
        SectionLineItem { line_item_id, order }
    }
}

/// A section of a quote (the spec's `Section`, and `SectionPayload` in an update: same fields).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Section {
    /// Section id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Position of the section in the quote.
    pub order: i32,
    /// The line items in it.
    #[serde(deserialize_with = "null_as_empty")]
    pub line_items: Vec<SectionLineItem>,
}

impl Section {
    /// Section `id` named `name` at position `order`, without line items yet.
    pub fn new(id: Uuid, name: impl Into<String>, order: i32) -> Self {
        Section { id, name: name.into(), order, line_items: Vec::new() }
    }

    /// Adds line item `line_item_id` at position `order`.
    pub fn line_item(mut self, line_item_id: Uuid, order: i32) -> Self {
        self.line_items.push(SectionLineItem::new(line_item_id, order));
        self
    }
}

/// The sections of a quote: `{"sections": [...]}`, both the answer (`SectionsResponse`) and
/// the body of `PUT .../sections` (`SectionsPayload`, the full list).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct QuoteSections {
    /// The sections.
    #[serde(deserialize_with = "null_as_empty")]
    pub sections: Vec<Section>,
}

impl QuoteSections {
    /// The list to write.
    pub fn new(sections: impl IntoIterator<Item = Section>) -> Self {
        QuoteSections { sections: sections.into_iter().collect() }
    }

    /// Refuses a section without a name.
    pub fn check(&self) -> Option<String> {
        self.sections.iter().position(|s| s.name.trim().is_empty()).map(|i| format!("section {i} has no name"))
    }
}

/// The body of `POST .../sections`: a new section by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewSection {
    name: String,
}

impl NewSection {
    /// A section named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        NewSection { name: name.into() }
    }

    /// Refuses an empty name.
    pub fn check(&self) -> Option<String> {
        self.name.trim().is_empty().then(|| "a section needs a name".to_owned())
    }
}
