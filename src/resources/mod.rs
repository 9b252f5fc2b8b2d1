//! One module per resource: its handle on [`Client`](crate::Client) and its builders.

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
