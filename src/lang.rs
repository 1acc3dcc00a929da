//! The languages of what people read: the HTML report, plan.xlsx's labels,
//! the command line's summary and the desk. Words come from the catalogue
//! in `locales/` (rust-i18n). Machine-read names (plan.csv's and plan.json's
//! columns and values, the plan sheet's columns) never change with it.

use rust_i18n::t;

/// English (the command line's default) or Vietnamese.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Vi,
}

impl Lang {
    /// `en` or `vi`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Vi => "vi",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "vi" => Some(Lang::Vi),
            _ => None,
        }
    }

    /// The other one (the desk's switch).
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Vi,
            Lang::Vi => Lang::En,
        }
    }

    /// The message `key` of the catalogue in this language.
    pub fn tr(self, key: &str) -> String {
        t!(key, locale = self.code()).into_owned()
    }

    /// The language asked for on the command line, else the scenario's
    /// `language`, else English.
    pub fn choose(asked: Option<Lang>, scenario: Option<Lang>) -> Lang {
        asked.or(scenario).unwrap_or_default()
    }

    /// A column `name` as people read it in this language: its label under
    /// `xlsx.<name>` in the catalogue, or the name itself.
    pub fn column(self, name: &str) -> String {
        let key = format!("xlsx.{name}");
        let label = self.tr(&key);
        if label == key {
            name.to_string()
        } else {
            label
        }
    }
}
