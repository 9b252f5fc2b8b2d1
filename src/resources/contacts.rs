//! `client.contacts(company_id)`: the contacts of one company.

use uuid::Uuid;

use crate::client::Client;
use crate::http::{Family, Method};
use crate::models::{Contact, NewContact};
use crate::pagination::{ListSpec, paged};
use crate::request::{self, Call};

impl Client {
    /// Contacts of the company `company_id`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let company_id = pax8::Uuid::nil();
    /// for contact in client.contacts(company_id).list().items() {
    ///     let contact = contact?;
    ///     println!("{} {} <{}>", contact.first_name, contact.last_name, contact.email.unwrap_or_default());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn contacts(&self, company_id: Uuid) -> Contacts {
        Contacts { client: self.clone(), company_id }
    }
}

/// Handle for `/companies/{companyId}/contacts`. Get it with [`Client::contacts`].
#[derive(Debug, Clone)]
pub struct Contacts {
    client: Client,
    company_id: Uuid,
}

impl Contacts {
    fn path(&self, contact: Option<Uuid>) -> String {
        match contact {
            Some(id) => format!("/companies/{}/contacts/{id}", self.company_id),
            None => format!("/companies/{}/contacts", self.company_id),
        }
    }

    fn call<T>(&self, method: Method, contact: Option<Uuid>, decode: request::Decoder<T>) -> Call<T> {
        Call::new(&self.client, method, Family::Partner, self.path(contact), decode)
    }

    /// `GET /companies/{companyId}/contacts`.
    pub fn list(&self) -> ListContacts {
        ListContacts { list: ListSpec::new(&self.client, Family::Partner, self.path(None)) }
    }

    /// `GET /companies/{companyId}/contacts/{contactId}`.
    pub fn get(&self, contact_id: Uuid) -> Call<Contact> {
        self.call(Method::Get, Some(contact_id), request::json)
    }

    /// `POST /companies/{companyId}/contacts`. First name, last name, email and phone are
    /// required (checked before sending).
    pub fn create(&self, contact: NewContact) -> Call<Contact> {
        let missing = contact.missing();
        self.call(Method::Post, None, request::json).json(&contact).invalid(missing)
    }

    /// `PUT /companies/{companyId}/contacts/{contactId}`: a full replace; fields not given
    /// (roles included) are cleared.
    pub fn replace(&self, contact_id: Uuid, contact: NewContact) -> Call<Contact> {
        let missing = contact.missing();
        self.call(Method::Put, Some(contact_id), request::json).json(&contact).invalid(missing)
    }

    /// `DELETE /companies/{companyId}/contacts/{contactId}` (204).
    pub fn delete(&self, contact_id: Uuid) -> Call<()> {
        self.call(Method::Delete, Some(contact_id), request::empty)
    }
}

/// Builder for `GET /companies/{companyId}/contacts`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListContacts {
    list: ListSpec,
}
paged!(ListContacts, Contact);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::tests::{client, list_wire};

    #[test]
    fn every_contact_call_targets_the_company() {
        let (company, contact) = (Uuid::nil(), Uuid::max());
        let contacts = client().contacts(company);
        assert_eq!(list_wire(&contacts.list().list), format!("/companies/{company}/contacts?page=0&size=200"));
        let get = contacts.get(contact);
        assert_eq!(
            (get.request().method, get.request().path_and_query()),
            (Method::Get, format!("/companies/{company}/contacts/{contact}"))
        );
        let delete = contacts.delete(contact);
        assert_eq!(delete.request().method, Method::Delete);
        let new = NewContact::new("Ada", "Lovelace", "ada@example.com", "555");
        let create = contacts.create(new.clone());
        assert_eq!(
            (create.request().method, create.request().path_and_query()),
            (Method::Post, format!("/companies/{company}/contacts"))
        );
        assert_eq!(create.request().json_body().unwrap()["firstName"], "Ada");
        let replace = contacts.replace(contact, new);
        assert_eq!(
            (replace.request().method, replace.request().json_body().unwrap()["email"].clone()),
            (Method::Put, serde_json::json!("ada@example.com"))
        );
    }
}
