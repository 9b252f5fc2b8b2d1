//! One module per resource: its handle on [`Client`](crate::Client) and its builders.

pub mod companies;
pub mod contacts;
pub mod invoices;
pub mod orders;
pub mod products;
pub mod subscriptions;
pub mod usage;

pub use companies::{Companies, CreateCompany, ListCompanies, UpdateCompany};
pub use contacts::{Contacts, ListContacts};
pub use invoices::*;
pub use orders::*;
pub use products::*;
pub use subscriptions::*;
pub use usage::*;
