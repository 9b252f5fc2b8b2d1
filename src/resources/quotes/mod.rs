//! The quoting API v2 (`/v2` on the API host): `client.quotes()` with its line items,
//! sections, access lists and attachments, `client.quote_library()` and
//! `client.quote_preferences()`.

use crate::client::Client;

impl Client {
    /// Quotes the partner prepares for its customers (quoting API v2).
    pub fn quotes(&self) -> Quotes {
        Quotes { client: self.clone() }
    }
}

/// Handle for `/v2/quotes`. Get it with [`Client::quotes`].
#[derive(Debug, Clone)]
pub struct Quotes {
    pub(crate) client: Client,
}
