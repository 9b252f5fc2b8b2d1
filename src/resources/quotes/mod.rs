//! The quoting API v2 (`/v2` on the API host): `client.quotes()` with its line items,
//! sections, access lists and attachments, `client.quote_library()` and
//! `client.quote_preferences()`.

use time::OffsetDateTime;
use uuid::Uuid;

use crate::client::Client;
use crate::http::{Family, Method};
use crate::models::{
    NewQuote, Quote, QuoteAccount, QuoteIntentType, QuoteList, QuoteSort, QuoteStatus, QuoteSummary, QuoteUpdate,
};
use crate::pagination::{ListSpec, paged};
use crate::query::filters;
use crate::request::{self, Call, Decoder, MergeRules, MergeUpdate, Submit};

mod access_list;
mod line_items;
mod sections;

pub use access_list::AccessEntries;
pub use line_items::LineItems;
pub use sections::Sections;

mod attachments;
mod library;
mod preferences;

pub use attachments::{Download, QuoteAttachments, ReplaceAttachment, Upload, UploadAttachments, content_type_for};
pub use library::QuoteLibrary;
pub use preferences::{QuotePreferences, UpdateQuotePreferences};

impl Client {
    /// Quotes the partner prepares for its customers (quoting API v2): list, create, get,
    /// update, delete, take ownership, and per quote its
    /// [`line_items`](Quotes::line_items), [`sections`](Quotes::sections) and
    /// [`access_list`](Quotes::access_list).
    ///
    /// ```no_run
    /// use pax8::Decimal;
    /// use pax8::models::{NewQuoteLineItem, QuoteBillingTerm, QuoteStatus};
    ///
    /// # fn main() -> pax8::Result<()> {
    /// let client = pax8::Client::from_env()?;
    /// # let (company_id, product_id) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// let quote = client.quotes().create(company_id).send()?;
    /// let today = time::OffsetDateTime::now_utc();
    /// client
    ///     .quotes()
    ///     .line_items(quote.id)
    ///     .add(vec![
    ///         NewQuoteLineItem::standard(product_id, 10, QuoteBillingTerm::Monthly, today).price(Decimal::new(2200, 2)),
    ///     ])
    ///     .send()?;
    /// let quote = client.quotes().update(quote.id).status(QuoteStatus::Sent).published(true).send()?;
    /// println!("{} totals {} recurring", quote.reference_code, quote.totals.recurring_total.amount);
    /// # Ok(())
    /// # }
    /// ```
    pub fn quotes(&self) -> Quotes {
        Quotes { client: self.clone() }
    }
}

/// Handle for `/v2/quotes`. Get it with [`Client::quotes`].
#[derive(Debug, Clone)]
pub struct Quotes {
    pub(crate) client: Client,
}

/// A call on the quoting API (`/v2` + `path`).
pub(crate) fn quoting<T>(client: &Client, method: Method, path: String, decode: Decoder<T>) -> Call<T> {
    Call::new(client, method, Family::Quoting, path, decode)
}

impl Quotes {
    fn call<T>(&self, method: Method, path: String, decode: Decoder<T>) -> Call<T> {
        quoting(&self.client, method, path, decode)
    }

    /// `GET /v2/quotes`: a filtered, sorted list. `send()` answers a [`QuoteList`] (the page
    /// and how many quotes of the whole result have each status); `pages()` and `items()`
    /// walk the pages (`limit` on the wire is [`page_size`](ListQuotes::page_size)).
    ///
    /// ```no_run
    /// use pax8::SortDirection;
    /// use pax8::models::{QuoteSort, QuoteStatus};
    ///
    /// # fn main() -> pax8::Result<()> {
    /// let client = pax8::Client::from_env()?;
    /// let list = client
    ///     .quotes()
    ///     .list()
    ///     .status(QuoteStatus::Draft)
    ///     .status(QuoteStatus::Sent)
    ///     .search("Contoso")
    ///     .sort(QuoteSort::UpdatedOn, SortDirection::Desc)
    ///     .page_size(50)
    ///     .send()?;
    /// println!("{} drafts, {} sent", list.status_counts.draft, list.status_counts.sent);
    /// for quote in &list.page {
    ///     println!("{} {} {}", quote.reference_code, quote.client.name, quote.totals.recurring_total.amount);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list(&self) -> ListQuotes {
        ListQuotes { list: ListSpec::new(&self.client, Family::Quoting, "/quotes"), statuses: Vec::new() }
    }

    /// `POST /v2/quotes`: a new, empty draft quote for the company `client_id` (the nil UUID
    /// is refused before sending). Answers the quote.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (company_id, request_id) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// let quote = client.quotes().create(company_id).quote_request_id(request_id).send()?;
    /// println!("created {} ({:?})", quote.reference_code, quote.status);
    /// # Ok(())
    /// # }
    /// ```
    pub fn create(&self, client_id: Uuid) -> CreateQuote {
        Submit::new(self.call(Method::Post, "/quotes".into(), request::json), NewQuote::new(client_id), NewQuote::check)
    }

    /// `GET /v2/quotes/{quoteId}`: one quote with its line items, attachments and totals.
    pub fn get(&self, id: Uuid) -> Call<Quote> {
        self.call(Method::Get, format!("/quotes/{id}"), request::json)
    }

    /// `PUT /v2/quotes/{quoteId}`: changes the expiry, intro message, published flag, status
    /// or terms, **keeping the others**.
    ///
    /// The spec requires all five fields in the body. So that a change of one never blanks
    /// the others, `send()` first reads the quote (`GET /v2/quotes/{quoteId}`) and sends the
    /// fields set here over its current values ([`QuoteUpdate::fill_from`]): two requests.
    /// When all five are set, the read is skipped. A field the quote has no value for (the
    /// intro message and terms of a fresh draft) and that is not set here is left out of the
    /// body, as there is nothing to keep. A change made by someone else between the read and
    /// the write is overwritten with what was read.
    ///
    /// An update that sets nothing is refused before sending.
    ///
    /// ```no_run
    /// use pax8::models::QuoteStatus;
    ///
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let expires = time::OffsetDateTime::now_utc() + time::Duration::days(14);
    /// // The intro message and terms stay as they are.
    /// let quote = client.quotes().update(id).status(QuoteStatus::Sent).published(true).expires_on(expires).send()?;
    /// assert!(quote.published);
    /// # Ok(())
    /// # }
    /// ```
    pub fn update(&self, id: Uuid) -> UpdateQuote {
        MergeUpdate::new(
            self.get(id),
            self.call(Method::Put, format!("/quotes/{id}"), request::json),
            QuoteUpdate::new(),
            MergeRules {
                check: |b| (b == &QuoteUpdate::new()).then(|| "the quote update sets nothing".to_owned()),
                complete: |b| b.missing().is_none(),
                merge: |b, quote| b.clone().fill_from(quote),
            },
        )
    }

    /// `DELETE /v2/quotes/{quoteId}` (Pax8 answers 204).
    pub fn delete(&self, id: Uuid) -> Call<()> {
        self.call(Method::Delete, format!("/quotes/{id}"), request::empty)
    }

    /// `POST /v2/quotes/{quoteId}/take-ownership` (no body): the calling user becomes the
    /// quote's owner. Answers the quote.
    pub fn take_ownership(&self, id: Uuid) -> Call<Quote> {
        self.call(Method::Post, format!("/quotes/{id}/take-ownership"), request::json)
    }

    /// The line items of the quote `id`: add, update, delete one, delete several.
    pub fn line_items(&self, id: Uuid) -> LineItems {
        LineItems { client: self.client.clone(), quote_id: id }
    }

    /// The sections of the quote `id`: list, create, update.
    pub fn sections(&self, id: Uuid) -> Sections {
        Sections { client: self.client.clone(), quote_id: id }
    }

    /// The access list of the quote `id` (who may see it): list, add, delete.
    pub fn access_list(&self, id: Uuid) -> AccessEntries {
        AccessEntries { client: self.client.clone(), quote_id: id }
    }
}

/// Builder for `GET /v2/quotes`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListQuotes {
    list: ListSpec,
    statuses: Vec<QuoteStatus>,
}

impl ListQuotes {
    filters! {
        /// Only quotes matching this text (client name, reference code, creator, totals): `search`.
        search("search"): str,
        /// Whose quotes: the calling user's (Pax8's default) or the whole partner's: `account`.
        account("account"): QuoteAccount,
        /// Only quotes of this partner: `partnerId`.
        partner_id("partnerId"): Uuid,
        /// Only quotes of this intent: `intentType`.
        intent_type("intentType"): QuoteIntentType,
    }

    /// Adds a status to keep (`status`; call it several times for several statuses, sent
    /// comma-separated: `status=draft,sent`).
    pub fn status(mut self, status: QuoteStatus) -> Self {
        if !self.statuses.contains(&status) {
            self.statuses.push(status);
        }
        self.write_statuses()
    }

    /// Keeps only quotes with one of these statuses, replacing those set before (none: any
    /// status).
    pub fn statuses(mut self, statuses: impl IntoIterator<Item = QuoteStatus>) -> Self {
        self.statuses.clear();
        for status in statuses {
            if !self.statuses.contains(&status) {
                self.statuses.push(status);
            }
        }
        self.write_statuses()
    }

    fn write_statuses(mut self) -> Self {
        let joined = self.statuses.iter().map(QuoteStatus::as_str).collect::<Vec<_>>().join(",");
        self.list.request.query.set_opt("status", (!joined.is_empty()).then_some(joined));
        self
    }
}
paged!(ListQuotes, QuoteSummary, sort: QuoteSort, envelope: QuoteList);

/// Builder for `POST /v2/quotes`: optionally [`quote_request_id`](Self::quote_request_id),
/// then [`send`](Submit::send).
pub type CreateQuote = Submit<NewQuote, Quote>;

/// The setter of [`CreateQuote`].
impl Submit<NewQuote, Quote> {
    /// The quote request this quote answers.
    pub fn quote_request_id(mut self, id: Uuid) -> Self {
        self.body = self.body.quote_request_id(id);
        self
    }
}

/// Builder for `PUT /v2/quotes/{quoteId}`: the setters below (at least one), then
/// [`send`](MergeUpdate::send), which keeps the fields not set (see [`Quotes::update`]).
pub type UpdateQuote = MergeUpdate<QuoteUpdate, Quote>;

/// The setters of [`UpdateQuote`].
impl MergeUpdate<QuoteUpdate, Quote> {
    /// When the quote expires.
    pub fn expires_on(mut self, at: OffsetDateTime) -> Self {
        self.body = self.body.expires_on(at);
        self
    }

    /// The message shown above the line items.
    pub fn intro_message(mut self, text: impl Into<String>) -> Self {
        self.body = self.body.intro_message(text);
        self
    }

    /// Publishes the quote to the client (`true`) or withdraws it.
    pub fn published(mut self, published: bool) -> Self {
        self.body = self.body.published(published);
        self
    }

    /// The new status.
    pub fn status(mut self, status: QuoteStatus) -> Self {
        self.body = self.body.status(status);
        self
    }

    /// Terms and disclaimers shown to the client.
    pub fn terms_and_disclaimers(mut self, text: impl Into<String>) -> Self {
        self.body = self.body.terms_and_disclaimers(text);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SortDirection;
    use crate::resources::tests::{client, list_wire};
    use serde_json::json;
    use time::macros::datetime;

    const ID: Uuid = uuid::uuid!("6f1c3a52-9a4e-4d1b-8f2e-3b7f0c2d9e11");
    const COMPANY: Uuid = uuid::uuid!("0b5c7d9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e");
    const QUOTE: &str = include_str!("../../testing/fixtures/quotes/quote.json");

    fn wire<T>(call: &Call<T>) -> (Method, String, Option<serde_json::Value>) {
        let r = call.request();
        (r.method, r.path_and_query(), r.json_body())
    }

    #[test]
    fn list_sends_each_filter_under_its_wire_name_and_pages_with_limit() {
        let partner = uuid::uuid!("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
        let list = client()
            .quotes()
            .list()
            .search("Contoso Ltd")
            .status(QuoteStatus::Draft)
            .status(QuoteStatus::ChangesRequested)
            .status(QuoteStatus::Draft)
            .account(QuoteAccount::Partner)
            .partner_id(partner)
            .intent_type(QuoteIntentType::PartnerToClient)
            .sort(QuoteSort::RecurringTotal, SortDirection::Desc)
            .list;
        assert_eq!(
            list_wire(&list),
            format!(
                "/quotes?search=Contoso%20Ltd&status=draft,changes_requested&account=partner&partnerId={partner}\
                 &intentType=PARTNER_TO_CLIENT&sort=totals.recurringTotal,desc&page=0&limit=200"
            )
        );
    }

    #[test]
    fn statuses_replace_and_an_empty_set_removes_the_parameter() {
        let list = client().quotes().list().status(QuoteStatus::Sent).statuses([QuoteStatus::Expired]).list;
        assert_eq!(list_wire(&list), "/quotes?status=expired&page=0&limit=200");
        let list = client().quotes().list().status(QuoteStatus::Sent).statuses([]).list;
        assert_eq!(list_wire(&list), "/quotes?page=0&limit=200");
    }

    #[test]
    fn create_sends_the_client_id_and_the_optional_request_id() {
        let request = uuid::uuid!("d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70");
        let plain = client().quotes().create(COMPANY).request().unwrap();
        assert_eq!((plain.method, plain.path_and_query()), (Method::Post, "/quotes".to_owned()));
        assert_eq!(plain.json_body().unwrap(), json!({"clientId": COMPANY}));
        let answering = client().quotes().create(COMPANY).quote_request_id(request).request().unwrap();
        assert_eq!(answering.json_body().unwrap(), json!({"clientId": COMPANY, "quoteRequestId": request}));
        assert!(client().quotes().create(Uuid::nil()).request().unwrap_err().to_string().contains("client id"));
    }

    #[test]
    fn every_other_quote_operation_has_its_method_and_path() {
        let q = client().quotes();
        assert_eq!(wire(&q.get(ID)), (Method::Get, format!("/quotes/{ID}"), None));
        assert_eq!(wire(&q.delete(ID)), (Method::Delete, format!("/quotes/{ID}"), None));
        assert_eq!(wire(&q.take_ownership(ID)), (Method::Post, format!("/quotes/{ID}/take-ownership"), None));
        assert_eq!(q.take_ownership(ID).request().family, Family::Quoting);
    }

    #[test]
    fn update_reads_only_when_a_field_is_missing_and_fills_from_the_quote() {
        let at = datetime!(2024-05-01 0:00 UTC);
        let update = client().quotes().update(ID).status(QuoteStatus::Sent);
        let read = update.read_request().unwrap();
        assert_eq!((read.method, read.path_and_query()), (Method::Get, format!("/quotes/{ID}")));
        let current: Quote = serde_json::from_str(QUOTE).unwrap();
        let filled = update.write_request(Some(&current));
        assert_eq!(
            (filled.method, filled.path_and_query(), filled.json_body()),
            (
                Method::Put,
                format!("/quotes/{ID}"),
                Some(json!({
                    "expiresOn": "2024-03-31T00:00:00.000Z",
                    "introMessage": "Thank you for the opportunity.",
                    "published": true,
                    "status": "sent",
                    "termsAndDisclaimers": "Prices valid for 30 days.",
                }))
            )
        );

        let full = client()
            .quotes()
            .update(ID)
            .expires_on(at)
            .intro_message("Hi")
            .published(false)
            .status(QuoteStatus::Draft)
            .terms_and_disclaimers("Net 30");
        assert!(full.read_request().is_none());
        let sent = full.write_request(None);
        assert_eq!(
            sent.json_body().unwrap(),
            json!({"expiresOn": "2024-05-01T00:00:00.000Z", "introMessage": "Hi", "published": false,
                   "status": "draft", "termsAndDisclaimers": "Net 30"})
        );
    }

    #[test]
    fn an_empty_update_is_refused() {
        let err = client().quotes().update(ID).send().unwrap_err();
        assert!(matches!(&err, crate::Error::InvalidInput(why) if why.contains("sets nothing")), "{err}");
    }
}
