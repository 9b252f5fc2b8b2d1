//! One module per resource: its handle on [`Client`](crate::Client) and its builders.

pub mod companies;
pub mod contacts;

pub use companies::{Companies, CreateCompany, ListCompanies, UpdateCompany};
pub use contacts::{Contacts, ListContacts};
