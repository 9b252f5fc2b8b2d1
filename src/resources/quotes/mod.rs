//! The quoting API v2 (`/v2` on the API host): `client.quotes()` with its line items,
//! sections, access lists and attachments, `client.quote_library()` and
//! `client.quote_preferences()`.

use time::OffsetDateTime;

use crate::client::Client;
use crate::endpoint::endpoint;
use crate::http::{Family, Method};
use crate::models::{
    CompanyId, NewQuote, PartnerId, Quote, QuoteAccount, QuoteAsRead, QuoteId, QuoteIntentType, QuoteList,
    QuoteRequestId, QuoteSort, QuoteStatus, QuoteSummary, QuoteUpdate,
};
use crate::pagination::{ListSpec, paged};
use crate::query::filters;
use crate::request::{self, Call, Decoder, MergeRules, MergeUpdate, Submit};

mod access_list;
mod attachments;
mod library;
mod line_items;
mod preferences;
mod sections;

pub use access_list::{AccessListHandler, AddAccessListEntries, DeleteAccessListEntry, ListAccessList};
pub use attachments::{
    CopyLibraryAttachments, DeleteQuoteAttachment, DownloadQuoteAttachment, DownloadQuoteAttachmentsZip,
    GetQuoteAttachment, ListQuoteAttachments, QuoteAttachmentsHandler, UpdateQuoteAttachments, UploadQuoteAttachments,
    content_type_for,
};
pub use library::{
    DeleteLibraryAttachment, DownloadLibraryAttachment, GetLibraryAttachment, ListLibraryAttachments,
    QuoteLibraryHandler, ReplaceLibraryAttachment, ShareQuoteAttachments, UpdateLibraryAttachments,
    UploadLibraryAttachments,
};
pub use line_items::{AddLineItems, DeleteLineItem, DeleteLineItems, LineItemsHandler, UpdateLineItems};
pub use preferences::{
    AddPreferenceAttachments, DeletePreferenceAttachment, GetQuotePreferences, QuotePreferencesHandler,
    UpdateQuotePreferences,
};
pub use sections::{CreateSection, ListSections, SectionsHandler, UpdateSections};

impl Client {
    /// Quotes the partner prepares for its customers (quoting API v2): list, create, get,
    /// update, delete, take ownership, and per quote its
    /// [`line_items`](QuotesHandler::line_items), [`sections`](QuotesHandler::sections),
    /// [`access_list`](QuotesHandler::access_list) and
    /// [`attachments`](QuotesHandler::attachments).
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
    pub fn quotes(&self) -> QuotesHandler {
        QuotesHandler { client: self.clone() }
    }
}

/// Handle for `/v2/quotes`. Get it with [`Client::quotes`].
#[derive(Debug, Clone)]
pub struct QuotesHandler {
    pub(crate) client: Client,
}

/// A call on the quoting API (`/v2` + `path`).
pub(crate) fn quoting<T>(client: &Client, method: Method, path: String, decode: Decoder<T>) -> Call<T> {
    Call::new(client, method, Family::Quoting, path, decode)
}

impl QuotesHandler {
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
    ///     .statuses([QuoteStatus::Draft, QuoteStatus::Sent])
    ///     .search("Contoso")
    ///     .sort(QuoteSort::UpdatedOn, SortDirection::Desc)
    ///     .page_size(50)
    ///     .send()?;
    /// println!("{} drafts, {} sent", list.status_counts.draft, list.status_counts.sent);
    /// for quote in &list.page.items {
    ///     println!("{} {} {}", quote.reference_code, quote.client.name, quote.totals.recurring_total.amount);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list(&self) -> ListQuotes {
        ListQuotes { list: ListSpec::new(&self.client, Family::Quoting, "/quotes") }
    }

    /// `POST /v2/quotes`: a new, empty draft quote for the company `client_id` (the nil UUID
    /// is refused before sending). Answers the quote.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let company_id = pax8::Uuid::nil();
    /// let quote = client.quotes().create(company_id).send()?;
    /// println!("created {} ({:?})", quote.reference_code, quote.status);
    /// # Ok(())
    /// # }
    /// ```
    pub fn create(&self, client_id: impl Into<CompanyId>) -> CreateQuote {
        let call = self.call(Method::Post, "/quotes".into(), request::json);
        CreateQuote(Submit::new(call, NewQuote::new(client_id), NewQuote::check))
    }

    /// `GET /v2/quotes/{quoteId}`: one quote with its line items, attachments and totals.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// let id: pax8::models::QuoteId = "6f1c3a52-9a4e-4d1b-8f2e-3b7f0c2d9e11".parse().expect("a UUID");
    /// match client.quotes().get(id).send() {
    ///     Ok(quote) => println!("{} has {} line items", quote.reference_code, quote.line_items.len()),
    ///     Err(e) if e.status() == Some(404) => println!("no such quote"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn get(&self, id: impl Into<QuoteId>) -> GetQuote {
        GetQuote(self.get_call(id.into()))
    }

    fn get_call(&self, id: QuoteId) -> Call<Quote> {
        self.call(Method::Get, format!("/quotes/{id}"), request::json)
    }

    /// `PUT /v2/quotes/{quoteId}`: changes the expiry, intro message, published flag, status
    /// or terms, **keeping the others**.
    ///
    /// The spec requires all five fields in the body. So that a change of one never blanks
    /// the others, `send()` first reads the quote (`GET /v2/quotes/{quoteId}`) and sends the
    /// fields set here over its current values: two requests. When all five are set, the
    /// read is skipped. A field not set here goes back exactly as read (the same JSON text: a
    /// date alone stays a date, a date the SDK cannot parse is kept). A field the quote has no
    /// value for (the intro message and terms of a fresh draft) is sent as the spec's neutral
    /// value, `""` (and `published` as `false`); a quote without `expiresOn` or `status` makes
    /// the update fail before the write with [`Error::InvalidInput`](crate::Error::InvalidInput)
    /// naming the field to set. A change made by someone else between the read and the write
    /// is overwritten with what was read.
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
    pub fn update(&self, id: impl Into<QuoteId>) -> UpdateQuote {
        let id = id.into();
        UpdateQuote(MergeUpdate::new(
            self.call(Method::Get, format!("/quotes/{id}"), request::json),
            self.call(Method::Put, format!("/quotes/{id}"), request::json),
            QuoteUpdate::new(),
            MergeRules {
                check: |b| b.is_empty().then(|| "the quote update sets nothing".to_owned()),
                complete: |b| b.missing().is_none(),
                merge: QuoteUpdate::fill_from,
            },
        ))
    }

    /// `DELETE /v2/quotes/{quoteId}` (Pax8 answers 204).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// match client.quotes().delete(id).send() {
    ///     Ok(()) => println!("deleted"),
    ///     Err(e) if e.status() == Some(404) => println!("already gone"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn delete(&self, id: impl Into<QuoteId>) -> DeleteQuote {
        let id = id.into();
        DeleteQuote(self.call(Method::Delete, format!("/quotes/{id}"), request::empty))
    }

    /// `POST /v2/quotes/{quoteId}/take-ownership` (no body): the calling user becomes the
    /// quote's owner. Answers the quote.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let quote = client.quotes().take_ownership(id).send()?;
    /// println!("now owned by {:?}", quote.owned_by.map(|o| o.full_name));
    /// # Ok(()) }
    /// ```
    pub fn take_ownership(&self, id: impl Into<QuoteId>) -> TakeQuoteOwnership {
        let id = id.into();
        TakeQuoteOwnership(self.call(Method::Post, format!("/quotes/{id}/take-ownership"), request::json))
    }

    /// The line items of the quote `id`: add, update, delete one, delete several.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// use pax8::OffsetDateTime;
    /// use pax8::models::{NewQuoteLineItem, ProductId, QuoteBillingTerm, QuoteId};
    /// let quote_id: QuoteId = "0b9c3c86-0f2a-4f7e-9a83-5a3cf2a1c9d4".parse()?;
    /// let product_id: ProductId = "3a6c1f7e-8c1b-4f0e-a2f4-6a0b7c9d1e2f".parse()?;
    /// let added = client
    ///     .quotes()
    ///     .line_items(quote_id)
    ///     .add([NewQuoteLineItem::standard(product_id, 10, QuoteBillingTerm::Monthly, OffsetDateTime::now_utc())])
    ///     .send()?;
    /// println!("{} line items added", added.len());
    /// # Ok(()) }
    /// ```
    pub fn line_items(&self, id: impl Into<QuoteId>) -> LineItemsHandler {
        LineItemsHandler { client: self.client.clone(), quote_id: id.into() }
    }

    /// The sections of the quote `id`: list, create, update.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// let quote_id: pax8::models::QuoteId = "0b9c3c86-0f2a-4f7e-9a83-5a3cf2a1c9d4".parse()?;
    /// for section in client.quotes().sections(quote_id).list().send()? {
    ///     println!("{} {}: {} line items", section.order, section.name, section.line_items.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn sections(&self, id: impl Into<QuoteId>) -> SectionsHandler {
        SectionsHandler { client: self.client.clone(), quote_id: id.into() }
    }

    /// The access list of the quote `id` (who may see it): list, add, delete.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// use pax8::models::NewAccessListEntry;
    /// let quote_id: pax8::models::QuoteId = "0b9c3c86-0f2a-4f7e-9a83-5a3cf2a1c9d4".parse()?;
    /// let quotes = client.quotes();
    /// quotes.access_list(quote_id).add([NewAccessListEntry::new("buyer@contoso.example")]).send()?;
    /// for entry in quotes.access_list(quote_id).list().send()? {
    ///     println!("{} ({:?})", entry.email, entry.account_type);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn access_list(&self, id: impl Into<QuoteId>) -> AccessListHandler {
        AccessListHandler { client: self.client.clone(), quote_id: id.into() }
    }
}

/// Builder for `GET /v2/quotes`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListQuotes {
    list: ListSpec,
}

impl ListQuotes {
    filters! {
        /// Only quotes matching this text (client name, reference code, creator, totals): `search`.
        search("search"): str,
        /// Whose quotes: the calling user's (Pax8's default) or the whole partner's: `account`.
        account("account"): QuoteAccount,
        /// Only quotes of this partner: `partnerId`.
        partner_id("partnerId"): (id PartnerId),
        /// Only quotes of this intent: `intentType`.
        intent_type("intentType"): QuoteIntentType,
    }

    /// Only quotes with this status (`status`), replacing any set before. For several, see
    /// [`statuses`](Self::statuses).
    pub fn status(self, status: QuoteStatus) -> Self {
        self.statuses([status])
    }

    /// Only quotes with one of these statuses (`status`, sent comma-separated:
    /// `status=draft,sent`), replacing any set before; none: any status.
    pub fn statuses(mut self, statuses: impl IntoIterator<Item = QuoteStatus>) -> Self {
        let mut kept: Vec<QuoteStatus> = Vec::new();
        for status in statuses {
            if !kept.contains(&status) {
                kept.push(status);
            }
        }
        let joined = kept.iter().map(QuoteStatus::as_str).collect::<Vec<_>>().join(",");
        self.list.request.query.set_opt("status", (!joined.is_empty()).then_some(joined));
        self
    }
}
paged!(ListQuotes, QuoteSummary, sort: QuoteSort, envelope: QuoteList);

endpoint! {
    /// Builder for `POST /v2/quotes`: optionally [`quote_request_id`](Self::quote_request_id),
    /// then [`send`](Self::send), which answers the new draft quote.
    CreateQuote -> Quote, body: NewQuote
}

impl CreateQuote {
    /// The quote request this quote answers.
    pub fn quote_request_id(mut self, id: impl Into<QuoteRequestId>) -> Self {
        self.0.body = self.0.body.quote_request_id(id);
        self
    }
}

endpoint! {
    /// Builder for `GET /v2/quotes/{quoteId}`: [`send`](Self::send) returns the quote.
    GetQuote -> Quote
}

endpoint! {
    /// Builder for `PUT /v2/quotes/{quoteId}`: the setters below (at least one), then
    /// [`send`](Self::send), which keeps the fields not set (see [`QuotesHandler::update`]).
    UpdateQuote -> Quote, merge: QuoteUpdate, read: QuoteAsRead
}

impl UpdateQuote {
    /// When the quote expires.
    pub fn expires_on(mut self, at: OffsetDateTime) -> Self {
        self.0.body = self.0.body.expires_on(at);
        self
    }

    /// The message shown above the line items.
    pub fn intro_message(mut self, text: impl Into<String>) -> Self {
        self.0.body = self.0.body.intro_message(text);
        self
    }

    /// Publishes the quote to the client (`true`) or withdraws it.
    pub fn published(mut self, published: bool) -> Self {
        self.0.body = self.0.body.published(published);
        self
    }

    /// The new status.
    pub fn status(mut self, status: QuoteStatus) -> Self {
        self.0.body = self.0.body.status(status);
        self
    }

    /// Terms and disclaimers shown to the client.
    pub fn terms_and_disclaimers(mut self, text: impl Into<String>) -> Self {
        self.0.body = self.0.body.terms_and_disclaimers(text);
        self
    }
}

endpoint! {
    /// Builder for `DELETE /v2/quotes/{quoteId}`: [`send`](Self::send) answers `()`.
    DeleteQuote -> ()
}

endpoint! {
    /// Builder for `POST /v2/quotes/{quoteId}/take-ownership`: [`send`](Self::send) returns
    /// the quote.
    TakeQuoteOwnership -> Quote
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SortDirection;
    use crate::resources::tests::{client, list_wire};
    use serde_json::json;
    use time::macros::datetime;
    use uuid::Uuid;

    const ID: Uuid = uuid::uuid!("6f1c3a52-9a4e-4d1b-8f2e-3b7f0c2d9e11");
    const COMPANY: Uuid = uuid::uuid!("0b5c7d9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e");
    const QUOTE: &str = include_str!("../../testing/fixtures/quotes/quote.json");

    fn wire(r: &crate::http::Request) -> (Method, String, Option<serde_json::Value>) {
        (r.method, r.path_and_query(), r.json_body())
    }

    #[test]
    fn list_sends_each_filter_under_its_wire_name_and_pages_with_limit() {
        let partner = uuid::uuid!("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
        let list = client()
            .quotes()
            .list()
            .search("Contoso Ltd")
            .statuses([QuoteStatus::Draft, QuoteStatus::ChangesRequested, QuoteStatus::Draft])
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
    fn status_and_statuses_set_and_an_empty_set_removes_the_parameter() {
        let list = client().quotes().list().status(QuoteStatus::Sent).statuses([QuoteStatus::Expired]).list;
        assert_eq!(list_wire(&list), "/quotes?status=expired&page=0&limit=200");
        let list = client()
            .quotes()
            .list()
            .statuses([QuoteStatus::Draft, QuoteStatus::Sent])
            .status(QuoteStatus::Expired)
            .list;
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
        assert_eq!(wire(q.get(ID).request()), (Method::Get, format!("/quotes/{ID}"), None));
        assert_eq!(wire(q.delete(ID).request()), (Method::Delete, format!("/quotes/{ID}"), None));
        assert_eq!(wire(q.take_ownership(ID).request()), (Method::Post, format!("/quotes/{ID}/take-ownership"), None));
        assert_eq!(q.take_ownership(ID).request().family, Family::Quoting);
    }

    #[test]
    fn update_reads_only_when_a_field_is_missing_and_fills_from_the_quote() {
        let at = datetime!(2024-05-01 0:00 UTC);
        let update = client().quotes().update(ID).status(QuoteStatus::Sent);
        let read = update.0.read_request().unwrap();
        assert_eq!((read.method, read.path_and_query()), (Method::Get, format!("/quotes/{ID}")));
        let current: QuoteAsRead = serde_json::from_str(QUOTE).unwrap();
        let filled = update.0.write_request(Some(&current));
        assert_eq!(
            (filled.method, filled.path_and_query(), filled.json_body()),
            (
                Method::Put,
                format!("/quotes/{ID}"),
                Some(json!({
                    "expiresOn": "2024-03-31T00:00:00Z", // the fixture's text, as read
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
        assert!(full.0.read_request().is_none());
        let sent = full.0.write_request(None);
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
