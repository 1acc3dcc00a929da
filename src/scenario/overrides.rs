//! `--set KEY=VALUE`: changes to scenario.toml for one run, addressed by
//! dotted keys (`rules.max_consecutive_terms`, `titles.pc_chair.non_local`,
//! `targets.<target key>.min_share`). Targets are addressed by their stable key.

use toml::{Table, Value};

use super::config::slug;

/// One `KEY=VALUE` override.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub key: String,
    pub value: Value,
}

impl Override {
    /// Parses `KEY=VALUE`; the value is read as TOML (number, boolean, array,
    /// quoted string) and otherwise taken as a bare string.
    pub fn parse(s: &str) -> Result<Override, String> {
        let (key, raw) = s.split_once('=').ok_or_else(|| format!("`{s}`: expected KEY=VALUE"))?;
        let key = key.trim();
        if key.is_empty() || key.split('.').any(|p| p.is_empty()) {
            return Err(format!("`{s}`: the key must be dotted names, like rules.max_consecutive_terms"));
        }
        Ok(Override { key: key.to_string(), value: parse_value(raw.trim()) })
    }

    /// `KEY=VALUE` as written back.
    pub fn to_arg(&self) -> String {
        match &self.value {
            Value::String(s) => format!("{}={s}", self.key),
            v => format!("{}={v}", self.key),
        }
    }
}

/// Reads a value as TOML, falling back to a bare string.
pub fn parse_value(raw: &str) -> Value {
    match format!("v = {raw}").parse::<Table>() {
        Ok(mut t) => t.remove("v").unwrap_or(Value::String(raw.to_string())),
        Err(_) => Value::String(raw.to_string()),
    }
}

/// The stable key of a target table (its `key`, else its name as a slug).
fn target_key(t: &Table, index: usize) -> String {
    if let Some(Value::String(k)) = t.get("key") {
        return k.clone();
    }
    match t.get("name") {
        Some(Value::String(n)) if !slug(n).is_empty() => slug(n),
        _ => format!("target-{}", index + 1),
    }
}

const BOUNDS: &[&str] = &["min_count", "min_share", "max_count", "max_share"];

/// Applies the overrides to the text of scenario.toml; `Err` names the key.
pub fn apply(text: &str, sets: &[Override]) -> Result<String, Vec<String>> {
    if sets.is_empty() {
        return Ok(text.to_string());
    }
    let mut doc: Table = text.parse().map_err(|e: toml::de::Error| vec![format!("scenario.toml: {}", e.message())])?;
    let mut errors = Vec::new();
    for o in sets {
        if let Err(e) = set(&mut doc, o) {
            errors.push(format!("--set {}: {e}", o.to_arg()));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    toml::to_string(&doc).map_err(|e| vec![format!("cannot write the changed scenario: {e}")])
}

fn set(doc: &mut Table, o: &Override) -> Result<(), String> {
    let parts: Vec<&str> = o.key.split('.').collect();
    if parts[0] == "targets" {
        let [_, key, field @ ..] = parts.as_slice() else {
            return Err("address a target as targets.<key>.<field>".into());
        };
        if field.is_empty() {
            return Err("address a target as targets.<key>.<field>".into());
        }
        let Some(Value::Array(targets)) = doc.get_mut("targets") else {
            return Err("the scenario has no [[targets]]".into());
        };
        let keys: Vec<String> = targets
            .iter()
            .enumerate()
            .map(|(i, t)| t.as_table().map(|t| target_key(t, i)).unwrap_or_default())
            .collect();
        let i = keys
            .iter()
            .position(|k| k == key)
            .ok_or_else(|| format!("no target has the key `{key}`; keys: {}", keys.join(", ")))?;
        let t = targets[i].as_table_mut().ok_or("target is not a table")?;
        if field.len() == 1 && BOUNDS.contains(&field[0]) {
            // A target has exactly one bound: setting one replaces the others.
            for b in BOUNDS {
                t.remove(*b);
            }
        }
        return put(t, field, o.value.clone());
    }
    put(doc, &parts, o.value.clone())
}

fn put(t: &mut Table, path: &[&str], value: Value) -> Result<(), String> {
    match path {
        [] => Err("empty key".into()),
        [last] => {
            t.insert(last.to_string(), value);
            Ok(())
        }
        [head, rest @ ..] => {
            let entry = t.entry(head.to_string()).or_insert_with(|| Value::Table(Table::new()));
            match entry {
                Value::Table(inner) => put(inner, rest, value),
                _ => Err(format!("`{head}` is not a table")),
            }
        }
    }
}
