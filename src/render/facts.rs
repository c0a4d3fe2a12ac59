//! Facts for templates: `fact(operator=…, key=…)` (operator omitted for
//! the site's own facts), and the `facts` list of a profile value. Both
//! come from the one registry (`model::facts`), so a guide, an operator
//! page and a facts box cannot disagree.

use std::sync::Arc;

use tera::{Error, Kwargs, State, Tera, Value};

use super::object::object;
use crate::model::Site;
use crate::model::facts::{Registry, Shown};

/// A fact as templates see it: `value`, `label`, `status`
/// ("confirmed"/"unconfirmed"), `confirmed`, `source`, `checked`
/// (YYYY-MM-DD), `operator`, `key`.
pub(crate) fn value(shown: &Shown) -> Value {
    object(vec![
        ("value", shown.value.as_str().into()),
        ("label", shown.label.clone().into()),
        ("status", shown.status.as_str().into()),
        (
            "confirmed",
            (shown.status == crate::content::facts::Status::Confirmed).into(),
        ),
        ("source", shown.source.clone().into()),
        ("checked", shown.checked.map(|d| d.to_string()).into()),
        ("website", shown.website.clone().into()),
        ("operator", shown.owner.clone().into()),
        ("key", shown.key.as_str().into()),
    ])
}

/// The facts of a profile (`owner` its term) in `lang`, in the order its
/// default-language file lists them.
pub(crate) fn list(registry: &Registry, owner: Option<&str>, lang: &str) -> Value {
    let facts = registry.trusted(owner).unwrap_or(&[]);
    let list: Vec<Value> = facts
        .iter()
        .filter_map(|f| registry.lookup(owner, &f.key, lang).ok())
        .map(|shown| value(&shown))
        .collect();
    Value::from(list)
}

/// Registers `fact(operator=…, key=…, lang=…)`.
pub(crate) fn register(tera: &mut Tera, site: &Site) {
    let registry = Arc::new(Registry::of(site));
    let default_language = site.config.default_language.clone();
    tera.register_function(
        "fact",
        move |kwargs: Kwargs, state: &State| -> Result<Value, Error> {
            let key: String = kwargs.must_get("key")?;
            let owner: Option<String> = kwargs.get("operator")?;
            let lang = kwargs
                .get::<String>("lang")
                .ok()
                .flatten()
                .or_else(|| state.get::<String>("lang").ok().flatten())
                .unwrap_or_else(|| default_language.clone());
            let shown = registry
                .lookup(owner.as_deref(), &key, &lang)
                .map_err(Error::message)?;
            super::deps::fetched(super::deps::Dep::Fact(owner, key));
            Ok(value(&shown))
        },
    );
}
