//! `client.quotes().access_list(id)`: who may see a quote.

use super::quoting;
use crate::client::Client;
use crate::endpoint::endpoint;
use crate::http::Method;
use crate::models::{AccessList, AccessListEntry, AccessListEntryId, NewAccessListEntry, QuoteId};
use crate::request;

/// Handle for `/v2/quotes/{quoteId}/access-list`. Get it with
/// [`QuotesHandler::access_list`](super::QuotesHandler::access_list).
#[derive(Debug, Clone)]
pub struct AccessListHandler {
    pub(crate) client: Client,
    pub(crate) quote_id: QuoteId,
}

/// Reads `{"accessList": [...]}` into the list.
fn entries(body: &[u8]) -> serde_json::Result<Vec<AccessListEntry>> {
    request::json::<AccessList>(body).map(|l| l.access_list)
}

impl AccessListHandler {
    fn path(&self) -> String {
        format!("/quotes/{}/access-list", self.quote_id)
    }

    /// `GET /v2/quotes/{quoteId}/access-list`: the entries (the whole list in one answer: the
    /// wire does not page it).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let quote_id = pax8::Uuid::nil();
    /// for entry in client.quotes().access_list(quote_id).list().send()? {
    ///     println!("{} opens {}", entry.email, entry.link);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListAccessList {
        ListAccessList(quoting(&self.client, Method::Get, self.path(), entries))
    }

    /// `POST /v2/quotes/{quoteId}/access-list`: gives these people access; answers the
    /// entries created (each with its link). An empty list, or an entry whose email is empty
    /// or has no `@`, is refused before sending.
    ///
    /// ```no_run
    /// use pax8::models::{AccessAccountType, NewAccessListEntry};
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let quote_id = pax8::Uuid::nil();
    /// let buyer = NewAccessListEntry::new("buyer@contoso.example").account_type(AccessAccountType::Contact);
    /// match client.quotes().access_list(quote_id).add([buyer]).send() {
    ///     Ok(added) => println!("send {} to the buyer", added[0].link),
    ///     Err(pax8::Error::InvalidInput(why)) => eprintln!("not sent: {why}"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn add(&self, entries: impl IntoIterator<Item = NewAccessListEntry>) -> AddAccessListEntries {
        let entries: Vec<NewAccessListEntry> = entries.into_iter().collect();
        let problem = if entries.is_empty() {
            Some("no access list entries to add".to_owned())
        } else {
            entries.iter().enumerate().find_map(|(i, e)| e.check().map(|p| format!("entry {i}: {p}")))
        };
        AddAccessListEntries(
            quoting(&self.client, Method::Post, self.path(), request::json).json(&entries).invalid(problem),
        )
    }

    /// `DELETE /v2/quotes/{quoteId}/access-list/{accessListEntryId}` (Pax8 answers 204).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let quote_id = pax8::Uuid::nil();
    /// let access = client.quotes().access_list(quote_id);
    /// for entry in access.list().send()?.into_iter().filter(|e| e.email.ends_with("@old.example")) {
    ///     access.delete(entry.id).send()?;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn delete(&self, entry_id: impl Into<AccessListEntryId>) -> DeleteAccessListEntry {
        let entry_id = entry_id.into();
        DeleteAccessListEntry(quoting(
            &self.client,
            Method::Delete,
            format!("{}/{entry_id}", self.path()),
            request::empty,
        ))
    }
}

endpoint! {
    /// Builder for `GET /v2/quotes/{quoteId}/access-list`: [`send`](Self::send) answers the
    /// entries.
    ListAccessList -> Vec<AccessListEntry>
}

endpoint! {
    /// Builder for `POST /v2/quotes/{quoteId}/access-list`: [`send`](Self::send) answers the
    /// entries created.
    AddAccessListEntries -> Vec<AccessListEntry>
}

endpoint! {
    /// Builder for `DELETE /v2/quotes/{quoteId}/access-list/{accessListEntryId}`.
    DeleteAccessListEntry -> ()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use uuid::Uuid;

    use super::*;
    use crate::models::AccessAccountType;
    use crate::resources::tests::client;

    const QUOTE: Uuid = uuid::uuid!("6f1c3a52-9a4e-4d1b-8f2e-3b7f0c2d9e11");
    const ENTRY: Uuid = uuid::uuid!("77777777-7777-4777-8777-777777777777");

    #[test]
    fn list_add_and_delete_have_their_method_path_and_body() {
        let a = client().quotes().access_list(QUOTE);
        let path = format!("/quotes/{QUOTE}/access-list");
        assert_eq!((a.list().request().method, a.list().request().path_and_query()), (Method::Get, path.clone()));
        let add = a.add([NewAccessListEntry::new("buyer@contoso.example")
            .account_type(AccessAccountType::Contact)
            .account_name("Pat Buyer")]);
        assert_eq!((add.request().method, add.request().path_and_query()), (Method::Post, path.clone()));
        assert_eq!(
            add.request().json_body().unwrap(),
            json!([{"email": "buyer@contoso.example", "accountType": "contact", "accountName": "Pat Buyer"}])
        );
        let delete = a.delete(ENTRY);
        assert_eq!(
            (delete.request().method, delete.request().path_and_query()),
            (Method::Delete, format!("{path}/{ENTRY}"))
        );
    }

    #[test]
    fn bad_entries_are_refused() {
        let a = client().quotes().access_list(QUOTE);
        assert!(a.add(Vec::new()).send().unwrap_err().to_string().contains("no access list entries"));
        let err =
            a.add([NewAccessListEntry::new("a@b.example"), NewAccessListEntry::new("nobody")]).send().unwrap_err();
        assert!(err.to_string().contains("entry 1: an access list entry needs an email"), "{err}");
    }

    #[test]
    fn the_answer_reads_as_the_list_of_entries() {
        let list = entries(include_bytes!("../../testing/fixtures/quotes/access-list.json")).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[1].account_type, Some(AccessAccountType::Other("reseller".into())));
    }
}
