//! Sections of a quote: named, ordered groups of line items.

use crate::models::common::checked_model;
use serde::{Deserialize, Serialize};

use crate::models::common::null_as_empty;
use crate::models::ids::{LineItemId, SectionId};

/// A line item's place in a section.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct SectionLineItem {
    /// The line item.
    pub line_item_id: LineItemId,
    /// Its position in the section.
    pub order: i32,
}

impl SectionLineItem {
    /// Line item `line_item_id` at position `order`.
    pub fn new(line_item_id: impl Into<LineItemId>, order: i32) -> Self {
        SectionLineItem { line_item_id: line_item_id.into(), order }
    }
}

checked_model! {
    /// A section of a quote (the spec's `Section`).
    #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct Section {
        /// Section id.
        pub id: SectionId,
        /// Name.
        pub name: String,
        /// Position of the section in the quote.
        pub order: i32,
        /// The line items in it.
        #[serde(deserialize_with = "null_as_empty")]
        pub line_items: Vec<SectionLineItem>,
    }
    "section"
}

impl Section {
    /// The update of this section as read (same name, position and line items), to change one
    /// thing with the setters.
    pub fn to_update(&self) -> SectionUpdate {
        SectionUpdate { id: self.id, name: self.name.clone(), order: self.order, line_items: self.line_items.clone() }
    }
}

/// One section of the full list that
/// [`sections(id).update(..)`](crate::resources::SectionsHandler::update) writes (the
/// spec's `SectionPayload`): its name, position and line items in order. Start from a section
/// as read with [`Section::to_update`], or build one with [`new`](Self::new).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SectionUpdate {
    id: SectionId,
    name: String,
    order: i32,
    line_items: Vec<SectionLineItem>,
}

impl SectionUpdate {
    /// Section `id` named `name` at position `order`, without line items yet.
    pub fn new(id: impl Into<SectionId>, name: impl Into<String>, order: i32) -> Self {
        SectionUpdate { id: id.into(), name: name.into(), order, line_items: Vec::new() }
    }

    /// The new name (not empty).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// The new position of the section in the quote.
    pub fn order(mut self, order: i32) -> Self {
        self.order = order;
        self
    }

    /// Adds line item `line_item_id` at position `order`.
    pub fn line_item(mut self, line_item_id: impl Into<LineItemId>, order: i32) -> Self {
        self.line_items.push(SectionLineItem::new(line_item_id, order));
        self
    }

    /// Replaces the line items with these, in this order (positions 0, 1, 2, ...).
    pub fn line_items(mut self, ids: impl IntoIterator<Item = impl Into<LineItemId>>) -> Self {
        self.line_items = ids.into_iter().zip(0..).map(|(id, order)| SectionLineItem::new(id, order)).collect();
        self
    }
}

/// The sections of a quote as answered: `{"sections": [...]}` (`SectionsResponse`); the
/// handle answers the list inside.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct QuoteSections {
    #[serde(deserialize_with = "null_as_empty")]
    pub(crate) sections: Vec<Section>,
}

/// The body of `PUT .../sections` (`SectionsPayload`): the full list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SectionsUpdate {
    sections: Vec<SectionUpdate>,
}

impl SectionsUpdate {
    /// The list to write.
    pub(crate) fn new(sections: impl IntoIterator<Item = SectionUpdate>) -> Self {
        SectionsUpdate { sections: sections.into_iter().collect() }
    }

    /// Refuses a section without a name.
    pub(crate) fn check(&self) -> Option<String> {
        self.sections.iter().position(|s| s.name.trim().is_empty()).map(|i| format!("section {i} has no name"))
    }
}

/// The body of `POST .../sections`: a new section by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NewSection {
    name: String,
}

impl NewSection {
    /// A section named `name`.
    pub(crate) fn new(name: impl Into<String>) -> Self {
        NewSection { name: name.into() }
    }

    /// Refuses an empty name.
    pub(crate) fn check(&self) -> Option<String> {
        self.name.trim().is_empty().then(|| "a section needs a name".to_owned())
    }
}
