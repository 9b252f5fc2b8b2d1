//! `client.contacts(company_id)`: the contacts of one company.

use crate::client::Client;
use crate::endpoint::endpoint;
use crate::http::{Family, Method};
use crate::models::{CompanyId, Contact, ContactId, NewContact};
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
    pub fn contacts(&self, company_id: impl Into<CompanyId>) -> ContactsHandler {
        ContactsHandler { client: self.clone(), company_id: company_id.into() }
    }
}

/// Handle for `/companies/{companyId}/contacts`. Get it with [`Client::contacts`].
#[derive(Debug, Clone)]
pub struct ContactsHandler {
    client: Client,
    company_id: CompanyId,
}

impl ContactsHandler {
    fn path(&self, contact: Option<ContactId>) -> String {
        match contact {
            Some(id) => format!("/companies/{}/contacts/{id}", self.company_id),
            None => format!("/companies/{}/contacts", self.company_id),
        }
    }

    fn call<T>(&self, method: Method, contact: Option<ContactId>, decode: request::Decoder<T>) -> Call<T> {
        Call::new(&self.client, method, Family::Partner, self.path(contact), decode)
    }

    /// `GET /companies/{companyId}/contacts`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let company_id = pax8::Uuid::nil();
    /// let page = client.contacts(company_id).list().page_size(50).send()?;
    /// println!("{} of {} contacts", page.items.len(), page.total_elements);
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListContacts {
        ListContacts { list: ListSpec::new(&self.client, Family::Partner, self.path(None)) }
    }

    /// `GET /companies/{companyId}/contacts/{contactId}`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (company_id, contact_id) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// let contact = client.contacts(company_id).get(contact_id).send()?;
    /// println!("{} {}", contact.first_name, contact.last_name);
    /// # Ok(()) }
    /// ```
    pub fn get(&self, contact_id: impl Into<ContactId>) -> GetContact {
        GetContact(self.call(Method::Get, Some(contact_id.into()), request::json))
    }

    /// `POST /companies/{companyId}/contacts`. First name, last name, email and phone are
    /// required (checked before sending).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let company_id = pax8::Uuid::nil();
    /// use pax8::models::{ContactRole, NewContact};
    /// let new = NewContact::new("Grace", "Hopper", "grace@contoso.example", "555-0102").primary_for(ContactRole::Billing);
    /// let contact = client.contacts(company_id).create(new).send()?;
    /// println!("created {}", contact.id);
    /// # Ok(()) }
    /// ```
    pub fn create(&self, contact: NewContact) -> CreateContact {
        let missing = contact.missing();
        CreateContact(self.call(Method::Post, None, request::json).json(&contact).invalid(missing))
    }

    /// `PUT /companies/{companyId}/contacts/{contactId}`: a full replace; fields not given
    /// (roles included) are cleared. Start from the contact as read to change one field:
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (company_id, contact_id) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// use pax8::models::NewContact;
    /// let contacts = client.contacts(company_id);
    /// let current = contacts.get(contact_id).send()?;
    /// let changed = NewContact::from(current).email("billing@contoso.example");
    /// contacts.replace(contact_id, changed).send()?;
    /// # Ok(()) }
    /// ```
    pub fn replace(&self, contact_id: impl Into<ContactId>, contact: NewContact) -> ReplaceContact {
        let missing = contact.missing();
        ReplaceContact(self.call(Method::Put, Some(contact_id.into()), request::json).json(&contact).invalid(missing))
    }

    /// `DELETE /companies/{companyId}/contacts/{contactId}` (204).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (company_id, contact_id) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// client.contacts(company_id).delete(contact_id).send()?;
    /// # Ok(()) }
    /// ```
    pub fn delete(&self, contact_id: impl Into<ContactId>) -> DeleteContact {
        DeleteContact(self.call(Method::Delete, Some(contact_id.into()), request::empty))
    }
}

endpoint! {
    /// Builder for `GET /companies/{companyId}/contacts/{contactId}`.
    GetContact -> Contact
}

endpoint! {
    /// Builder for `POST /companies/{companyId}/contacts`.
    CreateContact -> Contact
}

endpoint! {
    /// Builder for `PUT /companies/{companyId}/contacts/{contactId}` (a full replace).
    ReplaceContact -> Contact
}

endpoint! {
    /// Builder for `DELETE /companies/{companyId}/contacts/{contactId}`.
    DeleteContact -> ()
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
        let (company, contact) = (uuid::Uuid::nil(), uuid::Uuid::max());
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
