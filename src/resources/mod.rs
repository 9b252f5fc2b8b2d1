//! The handles on [`Client`](crate::Client) and the builder of every endpoint.
//!
//! A handle (`…Handler`) is what a [`Client`](crate::Client) method returns; each of its
//! methods returns the builder of one endpoint, a type of its own with only the setters that
//! endpoint takes, ending in `send()` (list builders also in `pages()` and `items()`). Every
//! type has one path, `pax8::resources::X`; the groups below are only for reading.
//!
//! - **Companies** ([`CompaniesHandler`], `client.companies()`): [`ListCompanies`],
//!   [`GetCompany`], [`CreateCompany`], [`UpdateCompany`], [`GetMsTenantId`].
//! - **Contacts** ([`ContactsHandler`], `client.contacts(company_id)`): list, get, create,
//!   replace, delete.
//! - **Products** ([`ProductsHandler`]): list, get, provision details, dependencies, pricing.
//! - **Orders** ([`OrdersHandler`]): [`ListOrders`], [`GetOrder`], [`CreateOrder`] (with
//!   `mock(true)` to validate only).
//! - **Subscriptions** ([`SubscriptionsHandler`]): list, get, update, cancel, history.
//! - **Invoices** ([`InvoicesHandler`]): list, get, line items, draft items.
//! - **Usage** ([`UsageSummariesHandler`]): summaries of a subscription and their usage lines.
//! - **Webhooks** ([`WebhooksHandler`], API v2): list, create, get, update, delete, activate,
//!   topics and their filters, test deliveries, delivery logs and retries, topic definitions.
//! - **Quotes** ([`QuotesHandler`], quoting API v2): quotes, their line items
//!   ([`LineItemsHandler`]), sections ([`SectionsHandler`]), access list
//!   ([`AccessListHandler`]) and attachments ([`QuoteAttachmentsHandler`]); the attachment
//!   library ([`QuoteLibraryHandler`]) and the partner's quote preferences
//!   ([`QuotePreferencesHandler`]).

mod companies;
mod contacts;
mod invoices;
mod orders;
mod products;
mod provisioning;
mod quotes;
mod subscriptions;
mod usage;
mod vendor_usage;
mod webhooks;

pub use companies::*;
pub use contacts::*;
pub use invoices::*;
pub use orders::*;
pub use products::*;
pub use provisioning::*;
pub use quotes::*;
pub use subscriptions::*;
pub use usage::*;
pub use vendor_usage::*;
pub use webhooks::*;

/// What the unit tests of every resource file share: a client that is never contacted, and
/// the first request of a list as path and query.
#[cfg(test)]
pub(crate) mod tests {
    use crate::Client;
    use crate::pagination::ListSpec;

    /// A client for a host nothing listens on: the builders' tests never send.
    pub(crate) fn client() -> Client {
        Client::builder().base_url("http://127.0.0.1:9").access_token("t").no_proxy().build().unwrap()
    }

    /// The first request `items()` would send, as path and query below the family's prefix.
    pub(crate) fn list_wire(list: &ListSpec) -> String {
        list.page_request(Some(0), Some(200)).path_and_query()
    }
}
