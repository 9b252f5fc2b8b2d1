//! Contacts of a company.

use crate::models::ids::ContactId;
use serde::{Deserialize, Serialize};

use super::common::{
    Timestamp, checked_model, null_as_default, null_as_empty, required_id, string_or_number, timestamp, unset_id,
    wire_enum,
};

wire_enum! {
    /// The role a contact can be primary for. A company needs a primary contact of each.
    pub enum ContactRole {
        /// Administrative contact.
        Admin => "Admin",
        /// Billing contact.
        Billing => "Billing",
        /// Technical contact.
        Technical => "Technical",
    }
}

/// A role of a contact: `{ "type": "Admin", "primary": true }`. A `type` that is absent or
/// `null` reads as `None` and stays absent when written back (never `"type": ""`, which the
/// spec's enum forbids), so one odd role never fails a contact.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ContactType {
    /// The role; `None` when the wire gave none.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub role: Option<ContactRole>,
    /// Whether the contact is the primary one for this role (absent or `null`: false).
    #[serde(deserialize_with = "null_as_default")]
    pub primary: bool,
}

impl ContactType {
    /// A role, primary or not.
    pub fn new(role: ContactRole, primary: bool) -> Self {
        ContactType { role: Some(role), primary }
    }
}

checked_model! {
    /// A contact as Pax8 returns it, including the undocumented phone fields. A missing or
    /// malformed `id` fails the decode.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase")]
    #[non_exhaustive]
    pub struct Contact {
        /// Id (required).
        #[serde(default = "unset_id", deserialize_with = "required_id")]
        pub id: ContactId,
        /// First name (`null` reads as empty).
        #[serde(deserialize_with = "null_as_default")]
        pub first_name: String,
        /// Last name (`null` reads as empty).
        #[serde(deserialize_with = "null_as_default")]
        pub last_name: String,
        /// Email.
        pub email: Option<String>,
        /// Phone, as documented.
        pub phone: Option<String>,
        /// Phone number without the country code (undocumented; seen live).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub phone_number: Option<String>,
        /// Country of the phone number, e.g. `US` (undocumented; seen live).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub phone_country_code: Option<String>,
        /// Calling code, e.g. `1` (undocumented; seen live). Read from `phoneCountryCallingCode`
        /// or `phoneCountryCallingcode` (both spellings are seen; when both come, the non-null
        /// one wins, the first spelling if both are set), as a string or a number. Written
        /// back under the key it came with.
        #[serde(deserialize_with = "string_or_number", skip_serializing_if = "Option::is_none")]
        pub phone_country_calling_code: Option<String>,
        /// The other spelling of the calling code, merged into `phone_country_calling_code`
        /// when that is `None` (kept here when both came).
        #[serde(deserialize_with = "string_or_number", skip_serializing_if = "Option::is_none")]
        phone_country_callingcode: Option<String>,
        /// When the contact was created, as precise as sent (the spec shows a date; a time is
        /// kept when one comes).
        #[serde(deserialize_with = "timestamp")]
        pub created_date: Option<Timestamp>,
        /// Roles; absent or `null` on some answers (read as empty).
        #[serde(deserialize_with = "null_as_empty")]
        pub types: Vec<ContactType>,
    }
    "contact", ids: ["id" => id], merge: [phone_country_calling_code <- phone_country_callingcode]
}

impl Contact {
    /// True when the contact is the primary one for `role`.
    pub fn is_primary(&self, role: &ContactRole) -> bool {
        self.types.iter().any(|t| t.primary && t.role.as_ref() == Some(role))
    }

    /// The contact as a write body with every field it carries (names, email, phone, the
    /// phone details and the roles), for `contacts(..).replace(..)`, a full replace that
    /// would otherwise clear what it is not given. Same as `NewContact::from(contact)`.
    pub fn to_new(&self) -> NewContact {
        NewContact::from(self.clone())
    }
}

/// A contact to create or to write over an existing one (a full replace).
///
/// ```
/// use pax8::models::{ContactRole, NewContact};
/// let c = NewContact::new("John", "Doe", "john@example.com", "555-555-5555")
///     .phone_country_calling_code("1")
///     .primary_for_all();
/// # let _ = c;
/// ```
///
/// To change one field of an existing contact without clearing the others, start from it:
/// `NewContact::from(contact).email("new@example.com")` (or `contact.to_new()`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewContact {
    first_name: String,
    last_name: String,
    email: String,
    phone: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone_country_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone_country_calling_code: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    types: Vec<ContactType>,
}

impl From<Contact> for NewContact {
    /// Every field a contact can be written with; fields the contact lacks (a `None` email
    /// or phone) stay empty, and `send()` then names them as missing.
    fn from(c: Contact) -> Self {
        NewContact {
            first_name: c.first_name,
            last_name: c.last_name,
            email: c.email.unwrap_or_default(),
            phone: c.phone.unwrap_or_default(),
            phone_number: c.phone_number,
            phone_country_code: c.phone_country_code,
            phone_country_calling_code: c.phone_country_calling_code,
            types: c.types,
        }
    }
}

impl NewContact {
    /// A contact with the four required fields.
    pub fn new(
        first_name: impl Into<String>,
        last_name: impl Into<String>,
        email: impl Into<String>,
        phone: impl Into<String>,
    ) -> Self {
        NewContact {
            first_name: first_name.into(),
            last_name: last_name.into(),
            email: email.into(),
            phone: phone.into(),
            ..NewContact::default()
        }
    }

    /// Sets the first name.
    pub fn first_name(mut self, v: impl Into<String>) -> Self {
        self.first_name = v.into();
        self
    }

    /// Sets the last name.
    pub fn last_name(mut self, v: impl Into<String>) -> Self {
        self.last_name = v.into();
        self
    }

    /// Sets the email.
    pub fn email(mut self, v: impl Into<String>) -> Self {
        self.email = v.into();
        self
    }

    /// Sets the phone (the documented field).
    pub fn phone(mut self, v: impl Into<String>) -> Self {
        self.phone = v.into();
        self
    }

    /// Sets the phone number without the country code (`phoneNumber`, undocumented).
    pub fn phone_number(mut self, v: impl Into<String>) -> Self {
        self.phone_number = Some(v.into());
        self
    }

    /// Sets the country of the phone number, e.g. `US` (`phoneCountryCode`, undocumented).
    pub fn phone_country_code(mut self, v: impl Into<String>) -> Self {
        self.phone_country_code = Some(v.into());
        self
    }

    /// Sets the calling code, e.g. `1` (sent as `phoneCountryCallingCode`, undocumented).
    pub fn phone_country_calling_code(mut self, v: impl Into<String>) -> Self {
        self.phone_country_calling_code = Some(v.into());
        self
    }

    /// Adds a role (primary or not). A role given twice keeps the last call.
    pub fn role(mut self, role: ContactRole, primary: bool) -> Self {
        self.types.retain(|t| t.role.as_ref() != Some(&role));
        self.types.push(ContactType::new(role, primary));
        self
    }

    /// Makes the contact primary for `role`.
    pub fn primary_for(self, role: ContactRole) -> Self {
        self.role(role, true)
    }

    /// Makes the contact primary Admin, Billing and Technical: enough to activate a company.
    pub fn primary_for_all(self) -> Self {
        self.primary_for(ContactRole::Admin).primary_for(ContactRole::Billing).primary_for(ContactRole::Technical)
    }

    /// Names the required fields that are empty, or `None`.
    pub(crate) fn missing(&self) -> Option<String> {
        let fields = [
            ("first_name", &self.first_name),
            ("last_name", &self.last_name),
            ("email", &self.email),
            ("phone", &self.phone),
        ];
        let missing: Vec<&str> = fields.iter().filter(|(_, v)| v.trim().is_empty()).map(|(n, _)| *n).collect();
        (!missing.is_empty()).then(|| format!("a contact needs {}", missing.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_reads_live_quirks() {
        let c: Contact = serde_json::from_str(
            r#"{"id":"18d6329e-93f9-46a5-9df7-37e4c29d2840","firstName":"A","lastName":"B","email":"a@b.c",
                "phone":"5555555555","phoneNumber":"5555555555","phoneCountryCode":"US",
                "phoneCountryCallingcode":"1","createdDate":"2020-05-12T10:00:00.000-0600","extra":true}"#,
        )
        .unwrap();
        assert!(c.types.is_empty());
        assert_eq!(c.phone_country_calling_code.as_deref(), Some("1"));
        assert_eq!(c.created_date, Some(Timestamp::DateTime(time::macros::datetime!(2020-05-12 10:00 -6))));
        let c: Contact = serde_json::from_str(
            r#"{"id":"18d6329e-93f9-46a5-9df7-37e4c29d2840","firstName":"A","lastName":"B","phoneCountryCallingCode":"44",
                "types":[{"type":"Admin","primary":true},{"type":"Owner","primary":false}]}"#,
        )
        .unwrap();
        assert_eq!(c.phone_country_calling_code.as_deref(), Some("44"));
        assert!(c.is_primary(&ContactRole::Admin));
        assert_eq!(c.types[1].role, Some(ContactRole::Other("Owner".into())));
    }

    #[test]
    fn new_contact_validates_and_serialises() {
        assert_eq!(
            NewContact::new("", "Doe", " ", "1").missing().as_deref(),
            Some("a contact needs first_name, email")
        );
        let c = NewContact::new("J", "D", "j@d", "1").primary_for_all().role(ContactRole::Billing, false);
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["types"].as_array().unwrap().len(), 3);
        assert_eq!(v["types"][2], serde_json::json!({"type":"Billing","primary":false}));
        assert_eq!(v["firstName"], "J");
    }
    const ID: &str = "18d6329e-93f9-46a5-9df7-37e4c29d2840";

    fn contact(extra: &str) -> Contact {
        serde_json::from_str(&format!(r#"{{"id":"{ID}","firstName":"A","lastName":"B"{extra}}}"#)).unwrap()
    }

    #[test]
    fn both_calling_code_spellings_together_keep_the_non_null_one() {
        let code = |extra: &str| contact(extra).phone_country_calling_code;
        assert_eq!(code(r#","phoneCountryCallingCode":null,"phoneCountryCallingcode":"1""#).as_deref(), Some("1"));
        assert_eq!(code(r#","phoneCountryCallingcode":"1","phoneCountryCallingCode":null"#).as_deref(), Some("1"));
        assert_eq!(code(r#","phoneCountryCallingCode":"44","phoneCountryCallingcode":null"#).as_deref(), Some("44"));
        assert_eq!(code(r#","phoneCountryCallingCode":"44","phoneCountryCallingcode":"1""#).as_deref(), Some("44"));
        assert_eq!(code(r#","phoneCountryCallingCode":null,"phoneCountryCallingcode":null"#), None);
        // A number, as some answers send it.
        assert_eq!(code(r#","phoneCountryCallingCode":1"#).as_deref(), Some("1"));
        assert_eq!(code(r#","phoneCountryCallingcode":353"#).as_deref(), Some("353"));
        // Written back under the key it came with (as text).
        let back = serde_json::to_value(contact(r#","phoneCountryCallingcode":7"#)).unwrap();
        assert_eq!((back.get("phoneCountryCallingCode"), back["phoneCountryCallingcode"].as_str()), (None, Some("7")));
        let back = serde_json::to_value(contact(r#","phoneCountryCallingCode":"7""#)).unwrap();
        assert_eq!((back["phoneCountryCallingCode"].as_str(), back.get("phoneCountryCallingcode")), (Some("7"), None));
        let both = contact(r#","phoneCountryCallingCode":"44","phoneCountryCallingcode":"1""#);
        let back = serde_json::to_value(both).unwrap();
        assert_eq!(
            (back["phoneCountryCallingCode"].as_str(), back["phoneCountryCallingcode"].as_str()),
            (Some("44"), Some("1"))
        );
    }

    #[test]
    fn explicit_nulls_read_like_absent_fields() {
        let c: Contact = serde_json::from_str(&format!(
            r#"{{"id":"{ID}","firstName":null,"lastName":"B","email":null,"phone":null,"phoneNumber":null,
                "createdDate":null,"types":null}}"#
        ))
        .unwrap();
        assert_eq!((c.first_name.as_str(), c.email.as_deref(), c.created_date.as_ref()), ("", None, None));
        assert!(c.types.is_empty() && c.phone_number.is_none());
        let c = contact(r#","types":[{"type":"Billing","primary":null},{"type":null},{"primary":true}]"#);
        assert!(!c.types[0].primary);
        assert_eq!(c.types[1], ContactType::default());
        assert_eq!(c.types[2], ContactType { role: None, primary: true });
        // Written back, an absent or null role stays absent: never `"type": ""`.
        assert_eq!(
            serde_json::to_value(c.to_new()).unwrap()["types"],
            serde_json::json!([{"type": "Billing", "primary": false}, {"primary": false}, {"primary": true}])
        );
        let err = serde_json::from_str::<Contact>(r#"{"id":null,"firstName":"A"}"#).unwrap_err();
        assert!(err.to_string().contains("contact: required id `id`"), "{err}");
    }

    #[test]
    fn created_date_keeps_its_time_or_its_text() {
        let c = contact(r#","createdDate":"2020-05-12T10:00:00Z""#);
        assert_eq!(c.created_date, Some(Timestamp::DateTime(time::macros::datetime!(2020-05-12 10:00 UTC))));
        let c = contact(r#","createdDate":"2020-05-12""#);
        assert_eq!(c.created_date, Some(Timestamp::Date(time::macros::date!(2020 - 05 - 12))));
        let c = contact(r#","createdDate":"May 12th""#);
        assert_eq!(c.created_date.as_ref().and_then(Timestamp::unparsed), Some("May 12th"));
    }

    #[test]
    fn a_contact_converts_into_a_full_write_body() {
        let c = contact(
            r#","email":"a@b.c","phone":"555","phoneNumber":"5555555","phoneCountryCode":"US",
               "phoneCountryCallingCode":1,"types":[{"type":"Admin","primary":true}],"createdDate":"2020-05-12""#,
        );
        let body = serde_json::to_value(c.to_new().email("new@b.c")).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "firstName": "A", "lastName": "B", "email": "new@b.c", "phone": "555",
                "phoneNumber": "5555555", "phoneCountryCode": "US", "phoneCountryCallingCode": "1",
                "types": [{"type": "Admin", "primary": true}]
            })
        );
        assert_eq!(NewContact::from(c.clone()), c.to_new());
        assert_eq!(NewContact::from(contact("")).missing().as_deref(), Some("a contact needs email, phone"));
        let built = NewContact::new("J", "D", "j@d", "1")
            .phone_number("2")
            .phone_country_code("IE")
            .phone_country_calling_code("353")
            .first_name("K")
            .last_name("E")
            .phone("3");
        assert_eq!(
            serde_json::to_value(built).unwrap(),
            serde_json::json!({"firstName": "K", "lastName": "E", "email": "j@d", "phone": "3", "phoneNumber": "2",
                               "phoneCountryCode": "IE", "phoneCountryCallingCode": "353"})
        );
    }
}
