//! Comparing Vietnamese text as people type it.

use unicode_normalization::UnicodeNormalization;

/// A name without tone marks, case or Unicode form, with đ read as d: what
/// "Nguyen Van Duc" and "Nguyễn Văn Đức" have in common.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| if c == 'đ' || c == 'Đ' { 'd' } else { c })
        .collect::<String>()
        .to_lowercase()
}

/// Whether `text` contains `query`, compared folded.
pub fn matches(text: &str, query: &str) -> bool {
    fold(text).contains(&fold(query))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unaccented_text_finds_the_accented_name() {
        assert!(matches("Nguyễn Văn Đức", "Nguyen Van Duc"));
        assert!(matches("Nguyễn Văn Đức", "van đuc"));
        assert!(matches("Lê Thị Hoà", "hoa"));
        assert!(!matches("Nguyễn Văn Đức", "Nguyen Van Dung"));
    }

    #[test]
    fn precomposed_and_decomposed_forms_fold_alike() {
        assert_eq!(fold("Ho\u{300}a"), fold("Hòa"));
    }
}
