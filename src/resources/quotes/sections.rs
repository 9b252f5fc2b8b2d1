//! `client.quotes().sections(id)`: the named, ordered groups of a quote's line items.

use super::quoting;
use crate::client::Client;
use crate::endpoint::endpoint;
use crate::http::Method;
use crate::models::{NewSection, QuoteId, QuoteSections, Section, SectionUpdate, SectionsUpdate};
use crate::request::{self, Call};

/// Handle for `/v2/quotes/{quoteId}/sections`. Get it with
/// [`QuotesHandler::sections`](super::QuotesHandler::sections).
#[derive(Debug, Clone)]
pub struct SectionsHandler {
    pub(crate) client: Client,
    pub(crate) quote_id: QuoteId,
}

/// Reads `{"sections": [...]}` into the list.
fn sections(body: &[u8]) -> serde_json::Result<Vec<Section>> {
    request::json::<QuoteSections>(body).map(|s| s.sections)
}

impl SectionsHandler {
    fn call(&self, method: Method) -> Call<Vec<Section>> {
        quoting(&self.client, method, format!("/quotes/{}/sections", self.quote_id), sections)
    }

    /// `GET /v2/quotes/{quoteId}/sections`: the quote's sections, with their line items (the
    /// whole list in one answer: the wire does not page it).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let quote_id = pax8::Uuid::nil();
    /// for section in client.quotes().sections(quote_id).list().send()? {
    ///     println!("{}. {} ({} line items)", section.order, section.name, section.line_items.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListSections {
        ListSections(self.call(Method::Get))
    }

    /// `POST /v2/quotes/{quoteId}/sections`: adds a section named `name` (an empty name is
    /// refused before sending). Answers every section of the quote, the new one included.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let quote_id = pax8::Uuid::nil();
    /// let sections = client.quotes().sections(quote_id).create("Licenses").send()?;
    /// println!("the quote has {} sections", sections.len());
    /// # Ok(()) }
    /// ```
    pub fn create(&self, name: impl Into<String>) -> CreateSection {
        let body = NewSection::new(name);
        CreateSection(self.call(Method::Post).json(&body).invalid(body.check()))
    }

    /// `PUT /v2/quotes/{quoteId}/sections`: writes the whole list of sections (names, order,
    /// and which line items each holds in what order); a section left out is removed. A
    /// section without a name is refused before sending. Answers the sections.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let quote_id = pax8::Uuid::nil();
    /// let sections = client.quotes().sections(quote_id);
    /// let current = sections.list().send()?;
    /// // Rename the first section, keep the others as they are.
    /// let updates = current.iter().enumerate().map(|(i, s)| if i == 0 { s.to_update().name("Licences") } else { s.to_update() });
    /// sections.update(updates).send()?;
    /// # Ok(()) }
    /// ```
    pub fn update(&self, sections: impl IntoIterator<Item = SectionUpdate>) -> UpdateSections {
        let body = SectionsUpdate::new(sections);
        UpdateSections(self.call(Method::Put).json(&body).invalid(body.check()))
    }
}

endpoint! {
    /// Builder for `GET /v2/quotes/{quoteId}/sections`: [`send`](Self::send) answers the
    /// sections.
    ListSections -> Vec<Section>
}

endpoint! {
    /// Builder for `POST /v2/quotes/{quoteId}/sections`: [`send`](Self::send) answers every
    /// section of the quote.
    CreateSection -> Vec<Section>
}

endpoint! {
    /// Builder for `PUT /v2/quotes/{quoteId}/sections`: [`send`](Self::send) answers the
    /// sections as written.
    UpdateSections -> Vec<Section>
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use uuid::Uuid;

    use super::*;
    use crate::resources::tests::client;

    const QUOTE: Uuid = uuid::uuid!("6f1c3a52-9a4e-4d1b-8f2e-3b7f0c2d9e11");
    const SECTION: Uuid = uuid::uuid!("55555555-5555-4555-8555-555555555555");
    const LINE: Uuid = uuid::uuid!("11111111-1111-4111-8111-111111111111");

    #[test]
    fn list_create_and_update_have_their_method_path_and_body() {
        let s = client().quotes().sections(QUOTE);
        let path = format!("/quotes/{QUOTE}/sections");
        let list = s.list();
        assert_eq!(
            (list.request().method, list.request().path_and_query(), list.request().json_body()),
            (Method::Get, path.clone(), None)
        );
        let create = s.create("Licenses");
        assert_eq!((create.request().method, create.request().path_and_query()), (Method::Post, path.clone()));
        assert_eq!(create.request().json_body().unwrap(), json!({"name": "Licenses"}));
        let update = s.update([SectionUpdate::new(SECTION, "Licenses", 0).line_item(LINE, 0)]);
        assert_eq!((update.request().method, update.request().path_and_query()), (Method::Put, path));
        assert_eq!(
            update.request().json_body().unwrap(),
            json!({"sections": [{"id": SECTION, "name": "Licenses", "order": 0,
                                 "lineItems": [{"lineItemId": LINE, "order": 0}]}]})
        );
    }

    #[test]
    fn nameless_sections_are_refused() {
        let s = client().quotes().sections(QUOTE);
        assert!(s.create(" ").send().unwrap_err().to_string().contains("a section needs a name"));
        let err = s.update([SectionUpdate::new(SECTION, "", 0)]).send().unwrap_err().to_string();
        assert!(err.contains("section 0 has no name"), "{err}");
    }

    #[test]
    fn the_answer_reads_as_the_list_of_sections_and_each_gives_its_update() {
        let list = sections(include_bytes!("../../testing/fixtures/quotes/sections.json")).unwrap();
        assert_eq!(list.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Licenses", "Services"]);
        assert!(list[1].line_items.is_empty());
        let update = client().quotes().sections(QUOTE).update(list.iter().map(|s| s.to_update().order(s.order + 1)));
        let body = update.request().json_body().unwrap();
        assert_eq!(body["sections"][0]["lineItems"], serde_json::to_value(&list[0].line_items).unwrap());
        assert_eq!(
            (body["sections"][0]["order"].clone(), body["sections"][1]["name"].clone()),
            (json!(1), json!("Services"))
        );
    }
}
