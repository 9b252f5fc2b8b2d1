//! The data Pax8 sends and takes.
//!
//! Response models have public fields, `Default`, and are `#[non_exhaustive]`: a field Pax8
//! adds later is not a breaking change, and unknown fields in a body are ignored. Every
//! enum has an `Other(String)` fallback that keeps an unknown value and writes it back
//! unchanged. Dates are parsed leniently: a value that cannot be parsed is left `None`
//! rather than failing the page.

pub mod common;
pub mod companies;
pub mod contacts;
pub mod invoices;
#[allow(dead_code)] // the models move to it one by one (issue 10)
pub(crate) mod money;
pub mod orders;
pub mod products;
pub mod quotes;
pub mod subscriptions;
pub mod usage;
pub mod webhooks;

pub use common::{BillingTerm, SortDirection};
pub use companies::{Address, Company, CompanySort, CompanyStatus, MsTenant};
pub use contacts::{Contact, ContactRole, ContactType, NewContact};
pub use invoices::*;
pub use orders::*;
pub use products::*;
pub use quotes::{
    AccessAccountType, AccessList, AccessListEntry, AddPreferenceAttachments, AmountCurrency, AttachmentUpdate,
    CopyAttachment, DeleteLineItems, LineItemType, NewAccessListEntry, NewQuote, NewQuoteLineItem, NewSection,
    PreferencesUpdate, Quote, QuoteAccount, QuoteAttachment, QuoteBillingTerm, QuoteErrorCode, QuoteIntentType,
    QuoteLineItem, QuoteLineItemUpdate, QuoteList, QuotePreferences, QuoteSections, QuoteSort, QuoteStatus,
    QuoteSummary, QuoteUpdate, Section, StatusCounts, UsageBased, UsageBasedType, check_line_item_updates,
    check_line_items,
};
pub use subscriptions::*;
pub use usage::*;
pub use webhooks::{
    Authorization, FilterCondition, FilterOperator, NewWebhook, ReplaceWebhookTopics, TopicDefinition,
    TopicDefinitionSort, Webhook, WebhookCall, WebhookConfigurationUpdate, WebhookDeliveryStatus, WebhookFilter,
    WebhookLog, WebhookLogSort, WebhookSort, WebhookStatusUpdate, WebhookTest, WebhookTopic, WebhookTopicFiltersUpdate,
    WebhookTopicSpec,
};
