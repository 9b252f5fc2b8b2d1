//! [`Page`], one page of a list, and [`Envelope`], what one request of a list answers: plain
//! data, read from either of Pax8's two page envelopes (nested `page` object or flat).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

/// One page of a list, with the paging metadata Pax8 sent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Zero-based number of this page.
    pub number: u32,
    /// The page size used.
    pub size: u32,
    /// Items in all pages.
    pub total_elements: u64,
    /// Number of pages (0 for an empty result).
    pub total_pages: u32,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page { items: Vec::new(), number: 0, size: 0, total_elements: 0, total_pages: 0 }
    }
}

impl<T> Page<T> {
    /// True when no page follows: this one is empty, or `number + 1 >= total_pages`.
    pub fn is_last(&self) -> bool {
        self.items.is_empty() || self.number.saturating_add(1) >= self.total_pages
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    /// The items of the page.
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// What one request of a list answers: a [`Page`], and whatever the list sends beside it
/// (the quotes list adds counts per status). `Page<T>` is the envelope of most lists.
pub trait Envelope: DeserializeOwned {
    /// The type of the list's items.
    type Item;
    /// The page inside the envelope.
    fn page(&self) -> &Page<Self::Item>;
    /// The page, without the rest of the envelope.
    fn into_page(self) -> Page<Self::Item>;
}

impl<T: DeserializeOwned> Envelope for Page<T> {
    type Item = T;
    fn page(&self) -> &Page<T> {
        self
    }
    fn into_page(self) -> Page<T> {
        self
    }
}

/// The paging metadata of a list answer, nested (`"page": {...}`) or flat beside `content`.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct PageMeta {
    number: Option<u32>,
    size: Option<u32>,
    total_elements: Option<u64>,
    total_pages: Option<u32>,
}

impl<T> Page<T> {
    /// A page from its items and metadata; what the metadata leaves out is taken from the
    /// items (one page holding them all).
    pub(crate) fn from_parts(items: Vec<T>, meta: PageMeta) -> Self {
        let len = items.len();
        Page {
            number: meta.number.unwrap_or(0),
            size: meta.size.unwrap_or(len as u32),
            total_elements: meta.total_elements.unwrap_or(len as u64),
            total_pages: meta.total_pages.unwrap_or(u32::from(len > 0)),
            items,
        }
    }
}

/// Reads both envelopes: `{"content", "page": {...}}` and the flat
/// `{"content", "number", "size", "totalElements", "totalPages"}`.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Wire<T> {
            #[serde(default = "Option::default")]
            content: Option<Vec<T>>,
            #[serde(default)]
            page: Option<PageMeta>,
            #[serde(default)]
            number: Option<u32>,
            #[serde(default)]
            size: Option<u32>,
            #[serde(default)]
            total_elements: Option<u64>,
            #[serde(default)]
            total_pages: Option<u32>,
        }
        let w = Wire::<T>::deserialize(crate::as_map::AsMap(d))?;
        let flat =
            PageMeta { number: w.number, size: w.size, total_elements: w.total_elements, total_pages: w.total_pages };
        let meta = match w.page {
            Some(nested) => PageMeta {
                number: nested.number.or(flat.number),
                size: nested.size.or(flat.size),
                total_elements: nested.total_elements.or(flat.total_elements),
                total_pages: nested.total_pages.or(flat.total_pages),
            },
            None => flat,
        };
        Ok(Page::from_parts(w.content.unwrap_or_default(), meta))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_and_flat_envelopes() {
        let p: Page<u8> =
            serde_json::from_str(r#"{"content":[1,2],"page":{"size":2,"totalElements":5,"totalPages":3,"number":1}}"#)
                .unwrap();
        assert_eq!((p.items.len(), p.number, p.size, p.total_elements, p.total_pages), (2, 1, 2, 5, 3));
        assert!(!p.is_last());
        let p: Page<u8> =
            serde_json::from_str(r#"{"content":[1],"number":2,"size":2,"totalElements":5,"totalPages":3}"#).unwrap();
        assert_eq!((p.number, p.total_pages), (2, 3));
        assert!(p.is_last());
    }

    #[test]
    fn empty_and_unpaged_bodies() {
        let p: Page<u8> =
            serde_json::from_str(r#"{"content":[],"page":{"size":10,"totalElements":0,"totalPages":0,"number":0}}"#)
                .unwrap();
        assert!(p.is_last());
        let p: Page<u8> = serde_json::from_str(r#"{"content":[7,8]}"#).unwrap();
        assert_eq!((p.total_elements, p.total_pages), (2, 1));
        assert!(p.is_last());
        let p: Page<u8> = serde_json::from_str(r#"{}"#).unwrap();
        assert!(p.items.is_empty() && p.is_last());
    }

    #[test]
    fn content_null_reads_as_an_empty_last_page() {
        let p: Page<u8> = serde_json::from_str(r#"{"content":null,"page":{"totalPages":0}}"#).unwrap();
        assert!(p.items.is_empty() && p.is_last());
    }
}
