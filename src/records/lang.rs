//! Text that carries its translations, and the one place that picks a language.
//!
//! A translatable field (a title, a label, a text, a unit…) holds a plain string or a map of
//! language → string: `"title": {"ko": "수자원공사", "en": "K-water AI safety"}`. Before the
//! model sees a record file, [`project`] replaces every such map by the string of the chosen
//! language, falling back along the review's declared languages (primary first), and sets the
//! review's `locale` to the chosen language. The model, the report, the story, the diff and the
//! exports therefore keep seeing plain strings and one locale: nothing above this module knows
//! that translations exist.
//!
//! The projection is an input of every parse ([`super::load::parse_file`] takes it): the
//! command chooses it once (`--lang`) and hands it to the readers it builds (the workspace's
//! loads, the history, the diff's pair), so a state read from any commit is told in the same
//! language, and a parse's result depends on nothing but its arguments (history's parse cache
//! keys by blob: a history holds one projection for its life).
//!
//! Which fields are translatable is written twice on purpose, once for serde's schema
//! (`#[schemars(with = "Text")]` in the model) and once in [`fields`] for the projection; a
//! test holds the two to the same list.
//!
//! A plain string in a review of several languages is text of the primary language: viewed in
//! another language it falls back, and is listed as such when it holds a letter of the primary
//! language's script (Hangul for Korean, Latin letters for English), so that `Q1` or `DNA+`
//! in a Korean review are not reported as untranslated in English.

use serde_json::{Map, Value};

use super::locate::Step;
use super::model::Locale;
use super::translated::Translations;

/// The member of a projected item that holds its primary text ([`Item::primary_text`]): a key
/// no record file can hold, since a U+0000 anywhere in one is an error before it is parsed.
///
/// [`Item::primary_text`]: super::model::Item::primary_text
const PRIMARY_TEXT: &str = "\u{0}primary";

/// Which language a run tells the records in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Projection {
    /// The language asked for (`--lang`); `None`: the primary one.
    pub chosen: Option<Locale>,
    /// The review's languages, primary first (`languages`, else `[locale]`); empty when they
    /// are not known (no readable review.json), and then a map gives its first string.
    pub declared: Vec<Locale>,
    /// Translations known from elsewhere (the working tree's), primary string → string in the
    /// chosen language: a text that has none where it is read is shown in this one before it
    /// falls back. History is read with it ([`Projection::remembering`]), so that a state from
    /// before a text was translated tells it as today's records do, and a translation added
    /// later is not a change of the text (a rename) between the two.
    pub memory: std::sync::Arc<std::collections::BTreeMap<String, String>>,
}

impl Projection {
    /// Returns the language text is told in: the chosen one, else the primary.
    pub fn language(&self) -> Option<Locale> {
        self.chosen.or_else(|| self.declared.first().copied())
    }

    /// Returns the primary language, when known.
    pub fn primary(&self) -> Option<Locale> {
        self.declared.first().copied()
    }

    /// Tells whether the run shows another language than the primary.
    pub fn is_translation(&self) -> bool {
        self.chosen.is_some() && self.chosen != self.primary()
    }

    /// Returns this projection remembering every translation `snapshot` holds in its language
    /// (none for the primary language, which never falls back).
    pub fn remembering(&self, snapshot: &crate::snapshot::Snapshot) -> Self {
        let mut projection = Self {
            memory: std::sync::Arc::default(),
            ..self.clone()
        };
        if !self.is_translation() {
            return projection;
        }
        let mut memory = std::collections::BTreeMap::new();
        // As `texts` reads them, without locating each (the memory needs no place).
        for (relative, entry) in &snapshot.entries {
            let crate::snapshot::Entry::File(bytes) = entry else {
                continue;
            };
            let Ok(mut value) = serde_json::from_slice::<Value>(crate::json::strip_bom(bytes))
            else {
                continue;
            };
            let Ok(projected) = project(&mut value, shape_of(relative), &projection, true) else {
                continue;
            };
            for text in projected.texts {
                if let (true, Some(shown)) = (text.map, text.shown) {
                    memory.entry(text.primary).or_insert(shown);
                }
            }
        }
        projection.memory = std::sync::Arc::new(memory);
        projection
    }
}

/// Returns the language code as written in records and on the command line.
pub fn code(locale: Locale) -> &'static str {
    match locale {
        Locale::Ko => "ko",
        Locale::En => "en",
    }
}

/// Reads a language code.
pub fn parse_code(code: &str) -> Option<Locale> {
    match code {
        "ko" => Some(Locale::Ko),
        "en" => Some(Locale::En),
        _ => None,
    }
}

/// Returns the languages a review.json declares, primary first: `languages`, else `[locale]`
/// (English when neither is written, as the model's default locale); empty when the file is
/// no JSON object.
pub fn declared_in(review_json: &[u8]) -> Vec<Locale> {
    let Ok(Value::Object(review)) =
        serde_json::from_slice::<Value>(crate::json::strip_bom(review_json))
    else {
        return Vec::new();
    };
    declared_of(&review)
}

fn declared_of(review: &Map<String, Value>) -> Vec<Locale> {
    let listed: Vec<Locale> = match review.get("languages") {
        Some(Value::Array(codes)) => codes
            .iter()
            .filter_map(|c| c.as_str().and_then(parse_code))
            .collect(),
        _ => Vec::new(),
    };
    if !listed.is_empty() {
        return listed;
    }
    match review.get("locale").and_then(Value::as_str) {
        Some(code) => parse_code(code).into_iter().collect(),
        None => vec![Locale::En],
    }
}

/// The kinds of object that hold translatable fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// review.json
    Review,
    /// `person`
    Person,
    /// `overview`
    Overview,
    /// `overview.periods[]`
    OverviewPeriod,
    /// review.json's `projects`
    ProjectsChapter,
    /// `outline[]`
    Chapter,
    /// `kpis[]`
    KpiGroup,
    /// `kpis[].items[]`
    Kpi,
    /// projects/<id>.json
    Project,
    /// a project's `team`
    Team,
    /// a project's `lists[]`
    List,
    /// <section>.json
    Section,
    /// an item, at any depth
    Item,
    /// a metric
    Metric,
    /// a link
    Link,
    /// inbox.json: drafts, whose links may carry translated titles
    Inbox,
    /// a draft of the inbox
    Draft,
}

/// What a member of an object holds, for the projection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A translatable text.
    Text,
    /// A list of translatable texts.
    Texts,
    /// An object of a shape.
    One(Shape),
    /// A list of objects of a shape.
    Many(Shape),
    /// A length budget (`max_chars`, `max_words`): a number for every language, or a map of
    /// language → number, where a language left out has no budget.
    Budget,
}

/// Returns the members of a shape that hold text, a length budget or more shapes; every other
/// member (ids, dates, numbers, links, tags) is never translated. A status is text: the words that mean
/// something (`done`, `완료`, `dropped`…) are read from the language shown.
pub fn fields(shape: Shape) -> &'static [(&'static str, Field)] {
    use Field::{Many, One, Text, Texts};
    match shape {
        Shape::Review => &[
            ("title", Text),
            ("max_chars", Field::Budget),
            ("max_words", Field::Budget),
            ("person", One(Shape::Person)),
            ("overview", One(Shape::Overview)),
            ("projects", One(Shape::ProjectsChapter)),
            ("outline", Many(Shape::Chapter)),
            ("kpis", Many(Shape::KpiGroup)),
        ],
        Shape::Person => &[
            ("name", Text),
            ("role", Text),
            ("team", Text),
            ("organization", Text),
        ],
        Shape::Overview => &[("title", Text), ("periods", Many(Shape::OverviewPeriod))],
        Shape::OverviewPeriod => &[("label", Text)],
        Shape::ProjectsChapter | Shape::Chapter => &[
            ("title", Text),
            ("max_chars", Field::Budget),
            ("max_words", Field::Budget),
        ],
        Shape::Link => &[("title", Text)],
        Shape::KpiGroup => &[("title", Text), ("items", Many(Shape::Kpi))],
        Shape::Kpi => &[
            ("label", Text),
            ("unit", Text),
            ("note", Text),
            ("text", Text),
        ],
        Shape::Project => &[
            ("title", Text),
            ("status", Text),
            ("summary", Text),
            ("team", One(Shape::Team)),
            ("metrics", Many(Shape::Metric)),
            ("lists", Many(Shape::List)),
            ("links", Many(Shape::Link)),
        ],
        Shape::Team => &[("roles", Texts), ("note", Text)],
        Shape::List => &[("title", Text), ("items", Many(Shape::Item))],
        Shape::Section => &[
            ("title", Text),
            ("max_chars", Field::Budget),
            ("max_words", Field::Budget),
            ("summary", Text),
            ("quarter_heading", Text),
            ("items", Many(Shape::Item)),
        ],
        Shape::Item => &[
            ("label", Text),
            ("text", Text),
            ("detail", Text),
            ("status", Text),
            ("links", Many(Shape::Link)),
            ("metrics", Many(Shape::Metric)),
            ("items", Many(Shape::Item)),
        ],
        // A metric's value, start and target are numbers, or a short text (`향상`).
        Shape::Metric => &[
            ("label", Text),
            ("value", Text),
            ("before", Text),
            ("target", Text),
            ("unit", Text),
            ("note", Text),
        ],
        Shape::Inbox => &[("items", Many(Shape::Draft))],
        Shape::Draft => &[("links", Many(Shape::Link))],
    }
}

/// Returns the shape of a record file by its path in the records directory.
pub fn shape_of(relative: &str) -> Shape {
    let stem = relative.strip_suffix(".json").unwrap_or(relative);
    match stem.split_once('/') {
        Some(_) => Shape::Project,
        None if stem == "review" => Shape::Review,
        None if stem == super::inbox::STEM => Shape::Inbox,
        None => Shape::Section,
    }
}

/// One translatable text met by [`project`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Met {
    /// Where it is (`items[2].text`).
    pub path: Vec<Step>,
    /// Its primary-language string (the plain string, or the map's primary entry).
    pub primary: String,
    /// The string in the language shown, when the record has one.
    pub shown: Option<String>,
    /// Whether the record wrote a map (else a plain string).
    pub map: bool,
}

impl Met {
    /// Tells whether this text falls back to another language than the one shown: a map
    /// without it, or a plain string in the primary language's script.
    pub fn falls_back(&self, projection: &Projection) -> bool {
        if !projection.is_translation() {
            return false;
        }
        if self.map {
            return self.shown.is_none();
        }
        projection
            .primary()
            .is_some_and(|primary| self.primary.chars().any(|c| is_script_letter(primary, c)))
    }
}

/// Tells whether `c` is a letter of the script a language is written in.
fn is_script_letter(locale: Locale, c: char) -> bool {
    match locale {
        Locale::Ko => is_hangul(c),
        Locale::En => c.is_ascii_alphabetic(),
    }
}

/// Tells whether `c` is Hangul (syllables, jamo, compatibility jamo).
pub fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// A translation map that cannot be read: where, what is wrong, and hints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The path of the offending value.
    pub path: Vec<Step>,
    /// What is wrong, lowercase.
    pub message: String,
    /// What to do.
    pub hints: Vec<String>,
}

/// Replaces, in a record file's JSON, every translation map by the string of the projection's
/// language, and review.json's `locale` by that language. Returns what it met, or the first
/// problem: a language key the review does not declare, a map without the primary language, a
/// value that is not a string.
pub fn project(
    value: &mut Value,
    shape: Shape,
    projection: &Projection,
    collect: bool,
) -> Result<Projected, Problem> {
    let mut walk = Walk {
        projection: projection.clone(),
        path: Vec::new(),
        met: Projected::default(),
        collect,
    };
    if shape == Shape::Review
        && let Value::Object(review) = value
    {
        walk.review(review)?;
    }
    walk.shape(value, shape)?;
    Ok(walk.met)
}

/// What [`project`] met in a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Projected {
    /// Every translatable text, in file order (only when asked to collect).
    pub texts: Vec<Met>,
    /// How many translation maps were replaced.
    pub maps: usize,
    /// The translations the maps hold: what tells a commit that only translated from one
    /// that changed nothing.
    pub translations: Translations,
}

struct Walk {
    projection: Projection,
    path: Vec<Step>,
    met: Projected,
    collect: bool,
}

impl Walk {
    /// review.json declares the languages: its own declaration wins over the run's (which was
    /// read from the working tree), and `locale` becomes the language shown.
    fn review(&mut self, review: &mut Map<String, Value>) -> Result<(), Problem> {
        let declared = declared_of(review);
        if let (Some(Value::Array(_)), Some(locale)) =
            (review.get("languages"), review.get("locale"))
            && let (Some(code), Some(first)) = (locale.as_str(), declared.first())
            && parse_code(code).is_some_and(|l| l != *first)
        {
            return Err(Problem {
                path: vec![Step::Key("locale".to_owned())],
                message: format!(
                    "`locale` is `{code}` but the primary language (first of `languages`) is `{}`",
                    self::code(*first)
                ),
                hints: vec![
                    "remove `locale`: with `languages`, the first one is the primary".to_owned(),
                ],
            });
        }
        if !declared.is_empty() {
            self.projection.declared = declared;
        }
        if review.contains_key("languages")
            && let Some(language) = self.projection.language()
        {
            review.insert("locale".to_owned(), code(language).into());
        } else if let Some(chosen) = self.projection.chosen {
            review.insert("locale".to_owned(), code(chosen).into());
        }
        Ok(())
    }

    fn shape(&mut self, value: &mut Value, shape: Shape) -> Result<(), Problem> {
        let Value::Object(object) = value else {
            return Ok(());
        };
        let mut keyed = None;
        for (name, field) in fields(shape) {
            let Some(member) = object.get_mut(*name) else {
                continue;
            };
            self.path.push(Step::Key((*name).to_owned()));
            if *field == Field::Budget {
                // A language the map leaves out has no budget: the member goes.
                if !self.budget(member, name)? {
                    object.remove(*name);
                }
                self.path.pop();
                continue;
            }
            match (field, member) {
                (Field::Text, member) => {
                    let primary = self.text(member)?;
                    if shape == Shape::Item && *name == "text" {
                        keyed = primary;
                    }
                }
                (Field::Texts, Value::Array(list)) => {
                    for (index, element) in list.iter_mut().enumerate() {
                        self.path.push(Step::Index(index));
                        self.text(element)?;
                        self.path.pop();
                    }
                }
                (Field::One(inner), member) => self.shape(member, *inner)?,
                (Field::Many(inner), Value::Array(list)) => {
                    for (index, element) in list.iter_mut().enumerate() {
                        self.path.push(Step::Index(index));
                        // An item may be written as a bare text, plain or translated.
                        if *inner == Shape::Item && !is_item_object(element) {
                            if let Some(primary) = self.text(element)? {
                                // A bare text becomes the item object it stands for.
                                let shown = std::mem::take(element);
                                *element =
                                    serde_json::json!({"text": shown, PRIMARY_TEXT: primary});
                            }
                        } else {
                            self.shape(element, *inner)?;
                        }
                        self.path.pop();
                    }
                }
                _ => {}
            }
            self.path.pop();
        }
        if let Some(primary) = keyed {
            object.insert(PRIMARY_TEXT.to_owned(), primary.into());
        }
        Ok(())
    }

    /// Replaces a budget map by the number of the language shown; returns whether a budget is
    /// left (a number is one for every language; a map may leave the language out). A key that
    /// is no declared language, or a value that is no count, is a problem at its place.
    fn budget(&mut self, value: &mut Value, name: &str) -> Result<bool, Problem> {
        let Value::Object(map) = value else {
            // A number, or not one: the model's own error says what was expected.
            return Ok(true);
        };
        let declared = &self.projection.declared;
        let unit = if name == "max_words" {
            "words"
        } else {
            "characters"
        };
        let mut picked = None;
        for (key, count) in map.iter() {
            let mut path = self.path.clone();
            path.push(Step::Key(key.clone()));
            let known = parse_code(key).filter(|l| declared.is_empty() || declared.contains(l));
            let Some(language) = known else {
                let listed = declared
                    .iter()
                    .map(|l| format!("`{}`", code(*l)))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(Problem {
                    path,
                    message: format!("unknown language `{key}` (expected one of {listed})"),
                    hints: vec![format!(
                        "a budget is a number for every language, or a map of the review's languages ({listed}) to numbers"
                    )],
                });
            };
            if count.as_u64().and_then(|n| u32::try_from(n).ok()).is_none() {
                return Err(Problem {
                    path,
                    message: format!(
                        "expected a number of {unit} for language `{key}`, found {count}"
                    ),
                    hints: Vec::new(),
                });
            }
            if Some(language) == self.projection.language() {
                picked = Some(count.clone());
            }
        }
        self.met.maps += 1;
        match picked {
            Some(count) => {
                *value = count;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Replaces a text by its string in the language shown; returns the primary string when
    /// that differs from the one shown (what keys an item across states).
    fn text(&mut self, value: &mut Value) -> Result<Option<String>, Problem> {
        match value {
            Value::String(plain) => {
                if self.collect {
                    let shown = (!self.projection.is_translation()).then(|| plain.clone());
                    self.met.texts.push(Met {
                        path: self.path.clone(),
                        primary: plain.clone(),
                        shown,
                        map: false,
                    });
                }
                match self.projection.memory.get(plain.as_str()) {
                    Some(known) if known != plain => {
                        Ok(Some(std::mem::replace(plain, known.clone())))
                    }
                    _ => Ok(None),
                }
            }
            Value::Object(map) => {
                let (primary, shown, picked) = self.pick(map)?;
                self.met.maps += 1;
                // The primary language is in every map (`pick` refused one without it).
                // Without declared languages, the map's first string is the primary one.
                let primary_code = self.projection.primary().map(code);
                let primary_key = primary_code.or_else(|| map.keys().next().map(String::as_str));
                let primary_key = primary_key.map(str::to_owned);
                for (language, translation) in map.iter() {
                    if Some(language) != primary_key.as_ref()
                        && let Value::String(translation) = translation
                    {
                        self.met.translations.add(&primary, language, translation);
                    }
                }
                let keyed = (picked != primary).then(|| primary.clone());
                if self.collect {
                    self.met.texts.push(Met {
                        path: self.path.clone(),
                        primary,
                        shown,
                        map: true,
                    });
                }
                *value = Value::String(picked);
                Ok(keyed)
            }
            // Not text at all: the model's own error says what was expected, at its place.
            _ => Ok(None),
        }
    }

    /// Returns the map's primary string, its string in the language shown (if any) and the
    /// string picked along the fallback order.
    fn pick(&self, map: &Map<String, Value>) -> Result<(String, Option<String>, String), Problem> {
        let declared = &self.projection.declared;
        let listed = declared
            .iter()
            .map(|l| format!("`{}`", code(*l)))
            .collect::<Vec<_>>()
            .join(", ");
        let mut strings = Vec::new();
        for (key, string) in map {
            let known = parse_code(key).filter(|l| declared.is_empty() || declared.contains(l));
            let Some(language) = known else {
                let mut path = self.path.clone();
                path.push(Step::Key(key.clone()));
                return Err(Problem {
                    path,
                    message: format!("unknown language `{key}` (expected one of {listed})"),
                    hints: vec![format!(
                        "the review's languages are {listed} (`languages` in review.json, primary first)"
                    )],
                });
            };
            let Value::String(string) = string else {
                let mut path = self.path.clone();
                path.push(Step::Key(key.clone()));
                return Err(Problem {
                    path,
                    message: format!("expected a string for language `{key}`"),
                    hints: Vec::new(),
                });
            };
            strings.push((language, string.clone()));
        }
        let get = |l: Locale| {
            strings
                .iter()
                .find(|(k, _)| *k == l)
                .map(|(_, s)| s.clone())
        };
        let primary = match self.projection.primary() {
            Some(primary) => get(primary).ok_or_else(|| Problem {
                path: self.path.clone(),
                message: format!("the primary language `{}` is missing", code(primary)),
                hints: vec![format!(
                    "a translated text holds the primary language (the first of {listed}); the others may be missing and fall back to it"
                )],
            })?,
            None => match strings.first() {
                Some((_, first)) => first.clone(),
                None => {
                    return Err(Problem {
                        path: self.path.clone(),
                        message: "expected a string or a map of language to string, found an empty object".to_owned(),
                        hints: Vec::new(),
                    });
                }
            },
        };
        let shown = self.projection.language().and_then(get);
        let remembered = || self.projection.memory.get(&primary).cloned();
        let picked = shown.clone().or_else(remembered).unwrap_or_else(|| {
            declared
                .iter()
                .find_map(|l| get(*l))
                .unwrap_or_else(|| primary.clone())
        });
        Ok((primary, shown, picked))
    }
}

/// Tells whether an element of an `items` list is an item object rather than a bare text
/// (a map of languages): an item object has a member that is not a language code.
fn is_item_object(element: &Value) -> bool {
    match element {
        Value::Object(map) => map.keys().any(|k| parse_code(k).is_none()),
        _ => false,
    }
}

/// One text of a snapshot as a translator sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The file as shown (`records/projects/dna-plus.json`).
    pub file: String,
    /// The file's path in the records directory (`projects/dna-plus.json`).
    pub relative: String,
    /// One-based line and column of the text (of the map, for a translated one).
    pub position: (usize, usize),
    /// Its JSON path (`lists[0].items[2].text`).
    pub path: String,
    /// The text as met.
    pub text: Met,
}

/// Returns every translatable text of a snapshot's record files, located, in file order; a
/// file that does not read is left out (`check` reports it), and so is the inbox, which is
/// never compiled.
pub fn texts(snapshot: &crate::snapshot::Snapshot, projection: &Projection) -> Vec<Located> {
    let mut found = Vec::new();
    for (relative, entry) in &snapshot.entries {
        let shape = shape_of(relative);
        let (false, crate::snapshot::Entry::File(bytes)) = (shape == Shape::Inbox, entry) else {
            continue;
        };
        let bytes = crate::json::strip_bom(bytes);
        let Ok(mut value) = serde_json::from_slice::<Value>(bytes) else {
            continue;
        };
        let Ok(projected) = project(&mut value, shape, projection, true) else {
            continue;
        };
        let display = snapshot.display_path(relative);
        let mut file: Vec<Located> = projected
            .texts
            .into_iter()
            .map(|text| Located {
                file: display.clone(),
                relative: relative.clone(),
                position: super::locate::locate(bytes, &text.path),
                path: super::locate::path_text(&text.path),
                text,
            })
            .collect();
        // The model's order (a title before the items, a label before its text) is not the
        // file's: whoever reads these (a translator, a warning) reads the file top to bottom.
        file.sort_by_key(|located| located.position);
        found.append(&mut file);
    }
    found
}

/// Returns the texts of a snapshot that fall back to the primary language in the language
/// the projection shows (none when it shows the primary one).
pub fn fallbacks(snapshot: &crate::snapshot::Snapshot, projection: &Projection) -> Vec<Located> {
    if !projection.is_translation() {
        return Vec::new();
    }
    let mut all = texts(snapshot, projection);
    all.retain(|located| located.text.falls_back(projection));
    all
}

/// Returns the translations of the current snapshot that may be stale: a text whose primary
/// string changed since an earlier state (`states`, newest first) that already held the same
/// translation. Each is the current text with the earlier primary string. An empty
/// translation is never stale.
pub fn stale<'a>(
    current: &crate::snapshot::Snapshot,
    states: impl IntoIterator<Item = &'a crate::snapshot::Snapshot>,
    projection: &Projection,
) -> Vec<(Located, String)> {
    let mut open: Vec<Located> = texts(current, projection)
        .into_iter()
        // An empty translation says there is nothing to write in that language (a count has
        // no unit in English): it cannot go stale.
        .filter(|l| l.text.map && l.text.shown.as_deref().is_some_and(|s| !s.is_empty()))
        .collect();
    let mut found = Vec::new();
    for state in states {
        if open.is_empty() {
            break;
        }
        let earlier = texts(state, projection);
        open.retain(|now| {
            let before = earlier
                .iter()
                .find(|e| e.relative == now.relative && e.path == now.path);
            match before {
                // The translation was already there, over another primary text: stale.
                Some(e) if e.text.shown == now.text.shown && e.text.primary != now.text.primary => {
                    found.push((now.clone(), e.text.primary.clone()));
                    false
                }
                // Translated again along with the primary text, or not yet: look no further.
                Some(e) if e.text.shown == now.text.shown => true,
                _ => false,
            }
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both() -> Projection {
        Projection {
            chosen: None,
            declared: vec![Locale::Ko, Locale::En],
            ..Projection::default()
        }
    }

    fn english() -> Projection {
        Projection {
            chosen: Some(Locale::En),
            ..both()
        }
    }

    #[test]
    fn a_map_gives_the_chosen_language_and_falls_back_to_the_primary() {
        let source = serde_json::json!({
            "title": {"ko": "글", "en": "Writing"},
            "items": [{"ko": "하나"}, {"text": {"ko": "둘", "en": "two"}, "id": "x"}, "셋", "Q1"]
        });
        let mut value = source.clone();
        let met = project(&mut value, Shape::Section, &english(), true)
            .unwrap()
            .texts;
        assert_eq!(
            value,
            // The item shown in English keeps its primary text as its key.
            serde_json::json!({"title": "Writing", "items": ["하나", {"text": "two", "id": "x", PRIMARY_TEXT: "둘"}, "셋", "Q1"]})
        );
        let falling: Vec<&str> = met
            .iter()
            .filter(|m| m.falls_back(&english()))
            .map(|m| m.primary.as_str())
            .collect();
        assert_eq!(falling, ["하나", "셋"]);
        let mut value = source;
        project(&mut value, Shape::Section, &both(), false).unwrap();
        assert_eq!(value["title"], "글");
        assert_eq!(value["items"][1]["text"], "둘");
    }

    #[test]
    fn an_unknown_language_and_a_missing_primary_are_problems_at_their_place() {
        let mut value =
            serde_json::json!({"title": "x", "items": [{"text": {"ko": "a", "fr": "b"}}]});
        let problem = project(&mut value, Shape::Section, &both(), false).unwrap_err();
        assert_eq!(
            crate::records::locate::path_text(&problem.path),
            "items[0].text.fr"
        );
        assert!(problem.message.starts_with("unknown language `fr`"));
        let mut value = serde_json::json!({"title": {"en": "Writing"}, "items": []});
        let problem = project(&mut value, Shape::Section, &both(), false).unwrap_err();
        assert_eq!(problem.message, "the primary language `ko` is missing");
    }

    /// The members whose schema refers to `$defs/text` (or a list of them), per definition.
    fn text_members(schema: &Value, found: &mut Vec<(String, String)>) {
        let refers = |v: &Value| v.to_string().contains("\"#/$defs/text\"");
        let mut of = |name: &str, def: &Value| {
            // An item is `anyOf` a bare text and an object.
            let mut objects = vec![def];
            if let Some(Value::Array(any)) = def.get("anyOf") {
                objects.extend(any);
            }
            for object in objects {
                let Some(Value::Object(properties)) = object.get("properties") else {
                    continue;
                };
                for (member, property) in properties {
                    if refers(property) {
                        found.push((name.to_owned(), member.clone()));
                    }
                }
            }
        };
        of("root", schema);
        if let Some(Value::Object(defs)) = schema.get("$defs") {
            for (name, def) in defs {
                of(name, def);
            }
        }
    }

    #[test]
    fn the_projection_and_the_schema_agree_on_which_fields_are_text() {
        use crate::records::schema::RecordFile;
        let mut from_schema = Vec::new();
        for (file, root) in [
            (RecordFile::Review, "Review"),
            (RecordFile::Project, "Project"),
            (RecordFile::Section, "Section"),
            (RecordFile::Inbox, "Inbox"),
        ] {
            let schema: Value = serde_json::from_str(&file.schema_json()).unwrap();
            let mut found = Vec::new();
            text_members(&schema, &mut found);
            for (name, member) in found {
                let name = if name == "root" {
                    root.to_owned()
                } else {
                    name
                };
                from_schema.push(format!("{name}.{member}"));
            }
        }
        // A metric's value is a number or a text, through the definition `Value`.
        let value = RecordFile::Project.schema_json();
        let value: Value = serde_json::from_str(&value).unwrap();
        if value["$defs"]["Value"]
            .to_string()
            .contains("\"#/$defs/text\"")
        {
            from_schema
                .extend(["Metric.value", "Metric.before", "Metric.target"].map(String::from));
        }
        from_schema.sort();
        from_schema.dedup();
        let shapes = [
            Shape::Review,
            Shape::Person,
            Shape::Overview,
            Shape::OverviewPeriod,
            Shape::ProjectsChapter,
            Shape::Chapter,
            Shape::KpiGroup,
            Shape::Kpi,
            Shape::Project,
            Shape::Team,
            Shape::List,
            Shape::Section,
            Shape::Item,
            Shape::Metric,
            Shape::Link,
        ];
        let mut from_fields: Vec<String> = shapes
            .iter()
            .flat_map(|shape| {
                fields(*shape)
                    .iter()
                    .filter(|(_, f)| matches!(f, Field::Text | Field::Texts))
                    .map(move |(member, _)| format!("{shape:?}.{member}"))
            })
            .collect();
        from_fields.sort();
        assert_eq!(from_schema, from_fields);
    }

    #[test]
    fn review_json_sets_the_locale_to_the_language_shown() {
        let mut value =
            serde_json::json!({"languages": ["ko", "en"], "title": {"ko": "리뷰", "en": "Review"}});
        project(&mut value, Shape::Review, &english(), false).unwrap();
        assert_eq!(value["locale"], "en");
        assert_eq!(value["title"], "Review");
        let mut value = serde_json::json!({"languages": ["ko", "en"], "title": "리뷰"});
        project(&mut value, Shape::Review, &Projection::default(), false).unwrap();
        assert_eq!(value["locale"], "ko");
        let mut value = serde_json::json!({"languages": ["ko", "en"], "locale": "en"});
        assert!(project(&mut value, Shape::Review, &both(), false).is_err());
    }
}
