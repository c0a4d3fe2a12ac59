//! The words Markdown rendering writes itself (an alert's title, a
//! `details` summary, a footnote's back-link), in the page's language. The
//! render layer fills them from the theme's i18n strings; markdown knows
//! only the keys.

/// The i18n keys read into [`Labels`], in field order.
const KEYS: [&str; 9] = [
    "alert_note",
    "alert_tip",
    "alert_important",
    "alert_warning",
    "alert_caution",
    "alert_info",
    "alert_danger",
    "details",
    "footnote_back",
];

/// Titles and labels for one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    pub note: String,
    pub tip: String,
    pub important: String,
    pub warning: String,
    pub caution: String,
    pub info: String,
    pub danger: String,
    pub details: String,
    /// The accessible name of a footnote's link back to where it is cited.
    pub footnote_back: String,
}

impl Default for Labels {
    /// English, for Markdown rendered without a theme (and for a key a
    /// site's own i18n file leaves out).
    fn default() -> Self {
        Labels {
            note: "Note".into(),
            tip: "Tip".into(),
            important: "Important".into(),
            warning: "Warning".into(),
            caution: "Caution".into(),
            info: "Info".into(),
            danger: "Danger".into(),
            details: "Details".into(),
            footnote_back: "Back to the text".into(),
        }
    }
}

impl Labels {
    /// The labels `text(key)` gives, English for a key it does not know.
    pub fn from_strings(text: impl Fn(&str) -> Option<String>) -> Labels {
        let mut labels = Labels::default();
        let fields = [
            &mut labels.note,
            &mut labels.tip,
            &mut labels.important,
            &mut labels.warning,
            &mut labels.caution,
            &mut labels.info,
            &mut labels.danger,
            &mut labels.details,
            &mut labels.footnote_back,
        ];
        for (field, key) in fields.into_iter().zip(KEYS) {
            if let Some(value) = text(key) {
                *field = value;
            }
        }
        labels
    }

    /// The title of an aside of `kind` (`note`, `tip`, …), if it is one.
    pub(super) fn aside(&self, kind: &str) -> Option<&str> {
        Some(match kind {
            "note" => &self.note,
            "tip" => &self.tip,
            "important" => &self.important,
            "warning" => &self.warning,
            "caution" => &self.caution,
            "info" => &self.info,
            "danger" => &self.danger,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_win_and_missing_keys_stay_english() {
        let labels = Labels::from_strings(|k| (k == "alert_tip").then(|| "提示".to_string()));
        assert_eq!(labels.tip, "提示");
        assert_eq!(labels.note, "Note");
        assert_eq!(labels.aside("tip"), Some("提示"));
        assert_eq!(labels.aside("code-group"), None);
    }
}
