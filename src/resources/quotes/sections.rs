//! `client.quotes().sections(id)`: the named, ordered groups of a quote's line items.

use uuid::Uuid;

use super::quoting;
use crate::client::Client;
use crate::http::Method;
use crate::models::{NewSection, QuoteSections, Section};
use crate::request::{self, Call};

/// Handle for `/v2/quotes/{quoteId}/sections`. Get it with
/// [`Quotes::sections`](super::Quotes::sections).
#[derive(Debug, Clone)]
pub struct Sections {
    pub(crate) client: Client,
    pub(crate) quote_id: Uuid,
}

/// Reads `{"sections": [...]}` into the list.
fn sections(body: &[u8]) -> serde_json::Result<Vec<Section>> {
    request::json::<QuoteSections>(body).map(|s| s.sections)
}

impl Sections {
    fn call(&self, method: Method) -> Call<Vec<Section>> {
        quoting(&self.client, method, format!("/quotes/{}/sections", self.quote_id), sections)
    }

    /// `GET /v2/quotes/{quoteId}/sections`: the quote's sections, with their line items.
    pub fn list(&self) -> Call<Vec<Section>> {
        self.call(Method::Get)
    }

    /// `POST /v2/quotes/{quoteId}/sections`: adds a section named `name` (an empty name is
    /// refused before sending). Answers every section of the quote, the new one included.
    pub fn create(&self, name: impl Into<String>) -> Call<Vec<Section>> {
        let body = NewSection::new(name);
        self.call(Method::Post).json(&body).invalid(body.check())
    }

    /// `PUT /v2/quotes/{quoteId}/sections`: writes the whole list of sections (names, order,
    /// and which line items each holds in what order); a section left out is removed. A
    /// section without a name is refused before sending. Answers the sections.
    pub fn update(&self, sections: impl IntoIterator<Item = Section>) -> Call<Vec<Section>> {
        let body = QuoteSections::new(sections);
        self.call(Method::Put).json(&body).invalid(body.check())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

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
        let update = s.update([Section::new(SECTION, "Licenses", 0).line_item(LINE, 0)]);
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
        let err = s.update([Section::new(SECTION, "", 0)]).send().unwrap_err().to_string();
        assert!(err.contains("section 0 has no name"), "{err}");
    }

    #[test]
    fn the_answer_reads_as_the_list_of_sections() {
        let list = sections(include_bytes!("../../testing/fixtures/quotes/sections.json")).unwrap();
        assert_eq!(list.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Licenses", "Services"]);
        assert!(list[1].line_items.is_empty());
    }
}
