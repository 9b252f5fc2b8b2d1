//! `client.quote_preferences()`: the partner's defaults for new quotes
//! (`/v2/quote-preferences`) and the library attachments added to every new quote.

use rust_decimal::Decimal;

use crate::client::Client;
use crate::endpoint::endpoint;
use crate::http::{Family, Method};
use crate::models::AttachmentId;
use crate::models::quotes::{PreferenceAttachmentsBody, PreferencesUpdate, QuoteAttachment, QuotePreferences};
use crate::request::{self, Call, Submit};

impl Client {
    /// The partner's quote preferences (quoting API v2): days to expire, intro message, terms,
    /// sales margin, and the attachments of every new quote.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::builder().access_token("t").build()?;
    /// # let library_attachment_id = pax8::Uuid::nil();
    /// let prefs = client.quote_preferences();
    /// let current = prefs.get().send()?;
    /// // The spec requires days, intro and terms in every update: keep the current ones.
    /// prefs.update().days_to_expire(30).fill_from(&current).send()?;
    /// prefs.add_attachments([library_attachment_id]).send()?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn quote_preferences(&self) -> QuotePreferencesHandler {
        QuotePreferencesHandler { client: self.clone() }
    }
}

/// Handle for `/v2/quote-preferences`. Get it with [`Client::quote_preferences`].
#[derive(Debug, Clone)]
pub struct QuotePreferencesHandler {
    client: Client,
}

impl QuotePreferencesHandler {
    fn call<T>(&self, method: Method, path: String, decode: request::Decoder<T>) -> Call<T> {
        Call::new(&self.client, method, Family::Quoting, path, decode)
    }

    /// `GET /v2/quote-preferences`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// let prefs = client.quote_preferences().get().send()?;
    /// println!("new quotes expire after {:?} days", prefs.days_to_expire);
    /// # Ok(()) }
    /// ```
    pub fn get(&self) -> GetQuotePreferences {
        GetQuotePreferences(self.call(Method::Get, "/quote-preferences".into(), request::json))
    }

    /// `PUT /v2/quote-preferences`: creates or replaces the preferences.
    ///
    /// The spec requires days to expire, intro message and terms in every update (the sales
    /// margin is optional), so an update missing one of them is refused before sending,
    /// naming what is missing. To change one value, read the current preferences and
    /// [`fill_from`](UpdateQuotePreferences::fill_from) them; this takes one `GET` more, and
    /// the SDK does not do it behind your back. The answer carries no attachments (read as an
    /// empty list).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// let prefs = client.quote_preferences();
    /// match prefs.update().days_to_expire(30).send() {
    ///     Err(pax8::Error::InvalidInput(why)) => eprintln!("not sent: {why}"), // intro and terms missing
    ///     other => drop(other?),
    /// }
    /// let current = prefs.get().send()?;
    /// prefs.update().days_to_expire(30).fill_from(&current).send()?;
    /// # Ok(()) }
    /// ```
    pub fn update(&self) -> UpdateQuotePreferences {
        let call = self.call(Method::Put, "/quote-preferences".into(), request::json);
        UpdateQuotePreferences(Submit::new(call, PreferencesUpdate::new(), |b| b.check().or_else(|| b.missing())))
    }

    /// `POST /v2/quote-preferences/attachments`: adds these library attachments to every new
    /// quote. An empty list is refused before sending.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// let library = client.quote_library().list().send()?;
    /// let terms = library.iter().filter(|a| a.name.starts_with("terms")).map(|a| a.id);
    /// client.quote_preferences().add_attachments(terms).send()?;
    /// # Ok(()) }
    /// ```
    pub fn add_attachments(
        &self,
        library_ids: impl IntoIterator<Item = impl Into<AttachmentId>>,
    ) -> AddPreferenceAttachments {
        let body = PreferenceAttachmentsBody::new(library_ids.into_iter().map(Into::into));
        let invalid = body.check();
        let call = self.call(Method::Post, "/quote-preferences/attachments".into(), request::json);
        AddPreferenceAttachments(call.json(&body).invalid(invalid))
    }

    /// `DELETE /v2/quote-preferences/attachments/{attachmentId}`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// let prefs = client.quote_preferences();
    /// for a in prefs.get().send()?.attachments {
    ///     prefs.delete_attachment(a.id).send()?;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn delete_attachment(&self, attachment_id: impl Into<AttachmentId>) -> DeletePreferenceAttachment {
        let attachment_id = attachment_id.into();
        DeletePreferenceAttachment(self.call(
            Method::Delete,
            format!("/quote-preferences/attachments/{attachment_id}"),
            request::empty,
        ))
    }
}

endpoint! {
    /// Builder for `GET /v2/quote-preferences`: [`send`](Self::send) answers the preferences.
    GetQuotePreferences -> QuotePreferences
}

endpoint! {
    /// Builder for `PUT /v2/quote-preferences`: the setters below, then [`send`](Self::send).
    /// Days to expire, intro message and terms are required (set them, or
    /// [`fill_from`](Self::fill_from) the current preferences).
    UpdateQuotePreferences -> QuotePreferences, body: PreferencesUpdate
}

impl UpdateQuotePreferences {
    /// Days until a new quote expires (at least 1; required).
    pub fn days_to_expire(mut self, days: i32) -> Self {
        self.0.body = self.0.body.days_to_expire(days);
        self
    }
    /// The default intro message (required).
    pub fn intro_message(mut self, text: impl Into<String>) -> Self {
        self.0.body = self.0.body.intro_message(text);
        self
    }
    /// The default terms and disclaimers (required).
    pub fn terms_and_disclaimers(mut self, text: impl Into<String>) -> Self {
        self.0.body = self.0.body.terms_and_disclaimers(text);
        self
    }
    /// The default sales margin in percent, exact.
    pub fn sales_margin_percentage(mut self, percent: Decimal) -> Self {
        self.0.body = self.0.body.sales_margin_percentage(percent);
        self
    }
    /// Fills every field not set so far from `current` (what
    /// [`get`](QuotePreferencesHandler::get) answered), so that one value can change and the
    /// others stay.
    pub fn fill_from(mut self, current: &QuotePreferences) -> Self {
        self.0.body = self.0.body.fill_from(current);
        self
    }
}

endpoint! {
    /// Builder for `POST /v2/quote-preferences/attachments`: [`send`](Self::send) answers the
    /// attachments of every new quote.
    AddPreferenceAttachments -> Vec<QuoteAttachment>
}

endpoint! {
    /// Builder for `DELETE /v2/quote-preferences/attachments/{attachmentId}`.
    DeletePreferenceAttachment -> ()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::tests::client;

    #[test]
    fn get_and_attachment_paths() {
        let p = client().quote_preferences();
        assert_eq!(
            (p.get().request().method, p.get().request().path_and_query()),
            (Method::Get, "/quote-preferences".into())
        );
        let id = uuid::Uuid::nil();
        let add = p.add_attachments([id]);
        assert_eq!(
            (add.request().method, add.request().path_and_query()),
            (Method::Post, "/quote-preferences/attachments".into())
        );
        assert_eq!(add.request().json_body().unwrap(), serde_json::json!({"attachments": [id]}));
        assert!(matches!(p.add_attachments(Vec::<AttachmentId>::new()).send(), Err(crate::Error::InvalidInput(_))));
        let del = p.delete_attachment(id);
        assert_eq!(
            (del.request().method, del.request().path_and_query()),
            (Method::Delete, format!("/quote-preferences/attachments/{id}"))
        );
    }

    #[test]
    fn update_sends_every_required_field() {
        let req = client()
            .quote_preferences()
            .update()
            .days_to_expire(30)
            .intro_message("Hello")
            .terms_and_disclaimers("Net 30")
            .sales_margin_percentage(Decimal::new(1250, 2))
            .request()
            .unwrap();
        assert_eq!((req.method, req.path_and_query()), (Method::Put, "/quote-preferences".into()));
        assert_eq!(
            req.json_body().unwrap(),
            serde_json::json!({"daysToExpire": 30, "introMessage": "Hello", "termsAndDisclaimers": "Net 30",
                               "salesMarginPercentage": 12.50})
        );
    }

    #[test]
    fn update_fills_from_the_current_preferences_or_is_refused() {
        let prefs = client().quote_preferences();
        let err = prefs.update().days_to_expire(30).request().unwrap_err().to_string();
        assert!(err.contains("introMessage") && err.contains("termsAndDisclaimers") && !err.contains("daysToExpire"));
        assert!(prefs.update().days_to_expire(0).intro_message("a").terms_and_disclaimers("b").request().is_err());

        let current: QuotePreferences = serde_json::from_value(serde_json::json!({
            "daysToExpire": 14, "introMessage": "Hi", "termsAndDisclaimers": "Terms", "salesMarginPercentage": 10
        }))
        .unwrap();
        let req = prefs.update().days_to_expire(30).fill_from(&current).request().unwrap();
        assert_eq!(
            req.json_body().unwrap(),
            serde_json::json!({"daysToExpire": 30, "introMessage": "Hi", "termsAndDisclaimers": "Terms",
                               "salesMarginPercentage": 10})
        );
    }
}
