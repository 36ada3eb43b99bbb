//! Which header holds which field: recognised from common French and English headers (GPI,
//! Mozaïk, OneRoster, hand-made lists) ignoring case, accents, punctuation and spacing, with the
//! user's overrides (`--map groupe="Groupe-repère"`) on top. Columns Balise does not need are
//! listed as ignored: it imports only what it needs.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use unicode_normalization::UnicodeNormalization;

use super::spreadsheet::cut_for_message;
use crate::error::{Error, Result};

/// What a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Fiche,
    LastName,
    FirstName,
    /// « Nom, prénom » in one cell.
    FullName,
    CodePermanent,
    BirthDate,
    Class,
    Level,
    Teacher,
    /// The family's language (« Langue de correspondance »): each guardian's, unless the file
    /// has a language column of that guardian's own.
    FamilyLanguage,
    Guardian(GuardianSlot, GuardianPart),
}

/// Whose columns: numbered guardians (« Parent 1 », « Tuteur 2 », « Guardian 1 ») or GPI's
/// father, mother and tutor. A row keeps its first two guardians with any data, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GuardianSlot {
    Parent1,
    Parent2,
    Father,
    Mother,
    Tutor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GuardianPart {
    LastName,
    FirstName,
    Email,
    Relation,
    /// The language this guardian's forms are printed in (issue 15, item 14).
    Language,
}

/// One recognised column: the field, the header's position and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappedColumn {
    pub field: Field,
    pub index: usize,
    pub header: String,
}

/// The columns used, in the file's order, and the headers left aside.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub columns: Vec<MappedColumn>,
    pub ignored: Vec<String>,
}

impl Mapping {
    /// The column index holding `field`, if any.
    pub fn index(&self, field: Field) -> Option<usize> {
        self.columns.iter().find(|c| c.field == field).map(|c| c.index)
    }

    /// The guardian slots that have at least one column, in slot order.
    pub fn guardian_slots(&self) -> Vec<GuardianSlot> {
        let mut slots: Vec<GuardianSlot> = self
            .columns
            .iter()
            .filter_map(|c| match c.field {
                Field::Guardian(slot, _) => Some(slot),
                _ => None,
            })
            .collect();
        slots.sort();
        slots.dedup();
        slots
    }
}

/// Recognises the columns, then applies `overrides` (field → header; an empty header leaves the
/// field unmapped). Needs a class column and the names (last and first, or combined).
pub fn recognise(headers: &[String], overrides: &[(Field, String)]) -> Result<Mapping> {
    let mapping = guess(headers, overrides)?;
    require(headers, &|field| mapping.index(field).is_some())?;
    Ok(mapping)
}

/// What `recognise` finds, without requiring the class and name columns: the window's mapping
/// step starts from it when a needed column was not recognised, so the person only chooses
/// what is missing.
pub fn guess(headers: &[String], overrides: &[(Field, String)]) -> Result<Mapping> {
    let mut chosen: Vec<(Field, usize, usize)> = Vec::new();
    for (index, header) in headers.iter().enumerate() {
        let Some((field, rank)) = field_of(header) else { continue };
        match chosen.iter_mut().find(|(f, ..)| *f == field) {
            Some(existing) if rank < existing.2 => *existing = (field, index, rank),
            Some(_) => {}
            None => chosen.push((field, index, rank)),
        }
    }
    for (field, header) in overrides {
        chosen.retain(|(f, ..)| f != field);
        if header.trim().is_empty() {
            continue;
        }
        let index = find_header(headers, header)?;
        chosen.retain(|(_, i, _)| *i != index);
        chosen.push((*field, index, 0));
    }
    let has = |chosen: &[(Field, usize, usize)], field: Field| chosen.iter().any(|(f, ..)| *f == field);
    if has(&chosen, Field::LastName) && has(&chosen, Field::FirstName) {
        chosen.retain(|(f, ..)| *f != Field::FullName);
    }
    chosen.sort_by_key(|(_, index, _)| *index);
    let columns: Vec<MappedColumn> = chosen
        .into_iter()
        .map(|(field, index, _)| MappedColumn { field, index, header: headers[index].clone() })
        .collect();
    let ignored = headers
        .iter()
        .enumerate()
        .filter(|(i, _)| !columns.iter().any(|c| c.index == *i))
        .map(|(_, h)| h.clone())
        .collect();
    Ok(Mapping { columns, ignored })
}

/// `champ=En-tête`, as typed after `--map`.
pub fn parse_override(text: &str) -> Result<(Field, String)> {
    let (key, header) = text.split_once('=').unwrap_or((text, ""));
    let field = key.parse::<Field>()?;
    Ok((field, header.trim().trim_matches('"').trim().to_string()))
}

fn require(headers: &[String], has: &dyn Fn(Field) -> bool) -> Result<()> {
    let mut missing: Vec<(&str, &str)> = Vec::new();
    if !has(Field::Class) {
        missing.push(("groupe (groupe, groupe-repère, classe, foyer)", "class (group, homeroom, class)"));
    }
    let has_names = has(Field::FullName) || (has(Field::LastName) && has(Field::FirstName));
    if !has_names {
        if !has(Field::LastName) {
            missing.push(("nom (ou « nom et prénom »)", "last name (or \"full name\")"));
        }
        if !has(Field::FirstName) {
            missing.push(("prénom (ou « nom et prénom »)", "first name (or \"full name\")"));
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::RosterMissingColumn {
        missing: missing.iter().map(|m| m.0).collect::<Vec<_>>().join(" ; "),
        missing_en: missing.iter().map(|m| m.1).collect::<Vec<_>>().join("; "),
        found: found_list(headers),
    })
}

fn find_header(headers: &[String], wanted: &str) -> Result<usize> {
    let wanted_trimmed = wanted.trim();
    headers
        .iter()
        .position(|h| h == wanted_trimmed)
        .or_else(|| headers.iter().position(|h| squash(h) == squash(wanted_trimmed) && !squash(h).is_empty()))
        .ok_or_else(|| Error::RosterUnknownHeader {
            header: cut_for_message(wanted_trimmed),
            found: found_list(headers),
        })
}

/// The headers as a message lists them: quoted, each cut short, at most 40.
fn found_list(headers: &[String]) -> String {
    let mut list: Vec<String> = headers.iter().take(40).map(|h| format!("« {} »", cut_for_message(h))).collect();
    if headers.len() > 40 {
        list.push(format!("et {} autres", headers.len() - 40));
    }
    if list.is_empty() {
        return "(aucune)".into();
    }
    list.join(", ")
}

/// A header's words: accents removed, lower case, split at punctuation, spaces, letter–digit
/// and camelCase boundaries (`Guardian1Email` → guardian, 1, email).
fn words(header: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous: Option<char> = None;
    for c in header.nfd().filter(|c| !matches!(c, '\u{0300}'..='\u{036F}')) {
        let boundary = match previous {
            Some(p) => {
                !c.is_alphanumeric()
                    || (p.is_ascii_digit() != c.is_ascii_digit())
                    || (p.is_lowercase() && c.is_uppercase())
            }
            None => false,
        };
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        if c.is_alphanumeric() {
            current.extend(c.to_lowercase());
        }
        previous = Some(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// The header with nothing but letters and digits: « Date de naissance » → `datedenaissance`.
fn squash(header: &str) -> String {
    words(header).concat()
}

/// Student fields by squashed header; the rank breaks ties when two headers name the same field
/// (« Groupe-repère » wins over « Classe »).
const STUDENT_HEADERS: &[(Field, &[&str])] = &[
    (
        Field::Fiche,
        &[
            "fiche",
            "nofiche",
            "numerofiche",
            "numerodefiche",
            "nodefiche",
            "ficheeleve",
            "fichedeleleve",
            "matricule",
            "noeleve",
            "numeroeleve",
            "numerodeleleve",
            "studentnumber",
            "studentid",
            "localid",
        ],
    ),
    (
        Field::LastName,
        &[
            "nom",
            "nomdefamille",
            "nomfamille",
            "nomeleve",
            "nomdeleleve",
            "lastname",
            "familyname",
            "surname",
            "nomusuel",
        ],
    ),
    (Field::FirstName, &["prenom", "prenomeleve", "prenomdeleleve", "pnom", "firstname", "givenname", "prenomusuel"]),
    (
        Field::FullName,
        &[
            "nometprenom",
            "nomprenom",
            "nomcomplet",
            "eleve",
            "nometprenomdeleleve",
            "fullname",
            "name",
            "studentname",
            "prenometnom",
            "prenomnom",
        ],
    ),
    // Not « CP »: in an address block it is the postal code.
    (Field::CodePermanent, &["codepermanent", "codepermanentdeleleve", "permanentcode", "codeperm"]),
    (
        Field::BirthDate,
        &[
            "datedenaissance",
            "datenaissance",
            "naissance",
            "ddn",
            "nele",
            "neele",
            "dtnaissance",
            "birthdate",
            "dateofbirth",
            "dob",
            "birthday",
        ],
    ),
    (
        Field::Class,
        &[
            "grouperepere",
            "groupe",
            "groupefoyer",
            "foyer",
            "classefoyer",
            "homeroom",
            "classe",
            "classcode",
            "class",
            "group",
            "gr",
        ],
    ),
    (Field::Level, &["niveau", "niveauscolaire", "degre", "grade", "grades", "level", "gradelevel"]),
    (
        Field::Teacher,
        &[
            "enseignant",
            "enseignante",
            "enseignants",
            "enseignantes",
            "enseignanttitulaire",
            "titulaire",
            "titulaires",
            "professeur",
            "professeure",
            "teacher",
            "teachers",
            "homeroomteacher",
        ],
    ),
    // Not « langue maternelle » (the student's mother tongue, not the family's language for
    // letters): choose it with --map langue=… if the school has nothing better.
    (
        Field::FamilyLanguage,
        &[
            "languedecorrespondance",
            "languecorrespondance",
            "languedecommunication",
            "languecommunication",
            "languedesparents",
            "langueparents",
            "languedelafamille",
            "languefamille",
            "langueparleealamaison",
            "langueparleemaison",
            "languedusage",
            "langue",
            "correspondencelanguage",
            "languageofcorrespondence",
            "preferredlanguage",
            "homelanguage",
            "familylanguage",
            "language",
        ],
    ),
];

fn field_of(header: &str) -> Option<(Field, usize)> {
    let squashed = squash(header);
    for (field, names) in STUDENT_HEADERS {
        if let Some(rank) = names.iter().position(|n| *n == squashed) {
            return Some((*field, rank));
        }
    }
    guardian_field(&words(header)).map(|field| (field, 0))
}

/// « Parent 1 nom », « Courriel du tuteur 2 », « Guardian1Email », GPI's `nom_pere`, `pnom_mere`,
/// `adr_electr_tuteur`: one guardian word (numbered or not) and one part.
fn guardian_field(words: &[String]) -> Option<Field> {
    let mut slot = None;
    let mut rest: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = words[i].as_str();
        let number = words.get(i + 1).map(String::as_str);
        let numbered = |n: Option<&str>| match n {
            Some("1") => Some(GuardianSlot::Parent1),
            Some("2") => Some(GuardianSlot::Parent2),
            _ => None,
        };
        let found = match word {
            "parent" | "tuteur" | "tutrice" | "guardian" | "responsable" | "repondant" | "contact" => {
                match numbered(number) {
                    Some(s) => {
                        i += 1;
                        Some(s)
                    }
                    None if matches!(word, "tuteur" | "tutrice" | "guardian") => Some(GuardianSlot::Tutor),
                    None => Some(GuardianSlot::Parent1),
                }
            }
            "pere" | "father" | "papa" => Some(GuardianSlot::Father),
            "mere" | "mother" | "maman" => Some(GuardianSlot::Mother),
            _ => None,
        };
        match found {
            Some(s) if slot.is_none() => slot = Some(s),
            Some(_) => return None,
            None if !matches!(word, "du" | "de" | "la" | "le" | "l" | "d" | "des") => rest.push(word),
            None => {}
        }
        i += 1;
    }
    Some(Field::Guardian(slot?, guardian_part(&rest.concat())?))
}

fn guardian_part(rest: &str) -> Option<GuardianPart> {
    match rest {
        "nom" | "nomdefamille" | "lastname" | "familyname" | "surname" | "name" => Some(GuardianPart::LastName),
        "prenom" | "pnom" | "firstname" | "givenname" => Some(GuardianPart::FirstName),
        "courriel"
        | "adrelectr"
        | "adresseelectronique"
        | "adrcourriel"
        | "adressecourriel"
        | "email"
        | "mail"
        | "courrielelectronique"
        | "emailaddress" => Some(GuardianPart::Email),
        "lien" | "liendeparente" | "lienparente" | "relation" | "relationship" | "type" => Some(GuardianPart::Relation),
        "langue"
        | "languedecorrespondance"
        | "languecorrespondance"
        | "languedecommunication"
        | "language"
        | "preferredlanguage" => Some(GuardianPart::Language),
        _ => None,
    }
}

impl Field {
    /// Every field, in the order the mapping step shows them.
    pub fn all() -> Vec<Field> {
        let mut all = vec![
            Field::Fiche,
            Field::LastName,
            Field::FirstName,
            Field::FullName,
            Field::CodePermanent,
            Field::BirthDate,
            Field::Class,
            Field::Level,
            Field::Teacher,
            Field::FamilyLanguage,
        ];
        for slot in [
            GuardianSlot::Parent1,
            GuardianSlot::Parent2,
            GuardianSlot::Father,
            GuardianSlot::Mother,
            GuardianSlot::Tutor,
        ] {
            for part in [
                GuardianPart::LastName,
                GuardianPart::FirstName,
                GuardianPart::Email,
                GuardianPart::Relation,
                GuardianPart::Language,
            ] {
                all.push(Field::Guardian(slot, part));
            }
        }
        all
    }

    /// The key typed after `--map` (`fiche`, `prenom`, `parent1_courriel`, `pere_nom`…).
    pub fn key(self) -> String {
        match self {
            Field::Fiche => "fiche".into(),
            Field::LastName => "nom".into(),
            Field::FirstName => "prenom".into(),
            Field::FullName => "nom_prenom".into(),
            Field::CodePermanent => "code_permanent".into(),
            Field::BirthDate => "naissance".into(),
            Field::Class => "groupe".into(),
            Field::Level => "niveau".into(),
            Field::Teacher => "enseignant".into(),
            Field::FamilyLanguage => "langue".into(),
            Field::Guardian(slot, part) => format!("{}_{}", slot.key(), part.key()),
        }
    }

    /// The French label a person reads (« prénom du parent 1 »).
    pub fn label(self) -> String {
        match self {
            Field::Fiche => "fiche".into(),
            Field::LastName => "nom".into(),
            Field::FirstName => "prénom".into(),
            Field::FullName => "nom et prénom".into(),
            Field::CodePermanent => "code permanent".into(),
            Field::BirthDate => "date de naissance".into(),
            Field::Class => "groupe".into(),
            Field::Level => "niveau".into(),
            Field::Teacher => "enseignant·e".into(),
            Field::FamilyLanguage => "langue de la famille".into(),
            Field::Guardian(slot, part) => format!("{} {}", part.label(), slot.label()),
        }
    }

    /// The English label.
    pub fn label_en(self) -> String {
        match self {
            Field::Fiche => "student number".into(),
            Field::LastName => "last name".into(),
            Field::FirstName => "first name".into(),
            Field::FullName => "full name".into(),
            Field::CodePermanent => "permanent code".into(),
            Field::BirthDate => "date of birth".into(),
            Field::Class => "class".into(),
            Field::Level => "level".into(),
            Field::Teacher => "teacher".into(),
            Field::FamilyLanguage => "family language".into(),
            Field::Guardian(slot, part) => format!("{} {}", slot.label_en(), part.label_en()),
        }
    }
}

impl GuardianSlot {
    fn key(self) -> &'static str {
        match self {
            GuardianSlot::Parent1 => "parent1",
            GuardianSlot::Parent2 => "parent2",
            GuardianSlot::Father => "pere",
            GuardianSlot::Mother => "mere",
            GuardianSlot::Tutor => "tuteur",
        }
    }

    fn label(self) -> &'static str {
        match self {
            GuardianSlot::Parent1 => "du parent 1",
            GuardianSlot::Parent2 => "du parent 2",
            GuardianSlot::Father => "du père",
            GuardianSlot::Mother => "de la mère",
            GuardianSlot::Tutor => "du tuteur",
        }
    }

    fn label_en(self) -> &'static str {
        match self {
            GuardianSlot::Parent1 => "guardian 1",
            GuardianSlot::Parent2 => "guardian 2",
            GuardianSlot::Father => "father",
            GuardianSlot::Mother => "mother",
            GuardianSlot::Tutor => "tutor",
        }
    }

    /// The relationship a GPI column implies when the file has no « lien » column.
    pub(crate) fn implied_relation(self) -> &'static str {
        match self {
            GuardianSlot::Father => "père",
            GuardianSlot::Mother => "mère",
            GuardianSlot::Tutor => "tuteur",
            GuardianSlot::Parent1 | GuardianSlot::Parent2 => "",
        }
    }
}

impl GuardianPart {
    fn key(self) -> &'static str {
        match self {
            GuardianPart::LastName => "nom",
            GuardianPart::FirstName => "prenom",
            GuardianPart::Email => "courriel",
            GuardianPart::Relation => "lien",
            GuardianPart::Language => "langue",
        }
    }

    fn label(self) -> &'static str {
        match self {
            GuardianPart::LastName => "nom",
            GuardianPart::FirstName => "prénom",
            GuardianPart::Email => "courriel",
            GuardianPart::Relation => "lien",
            GuardianPart::Language => "langue",
        }
    }

    fn label_en(self) -> &'static str {
        match self {
            GuardianPart::LastName => "last name",
            GuardianPart::FirstName => "first name",
            GuardianPart::Email => "e-mail",
            GuardianPart::Relation => "relationship",
            GuardianPart::Language => "language",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

impl std::str::FromStr for Field {
    type Err = Error;
    fn from_str(text: &str) -> Result<Field> {
        let key = text.trim().to_lowercase().replace('-', "_").replace("é", "e").replace("è", "e");
        Field::all().into_iter().find(|f| f.key() == key).ok_or_else(|| Error::RosterUnknownField {
            key: cut_for_message(text.trim()),
            known: "fiche, nom, prenom, nom_prenom, code_permanent, naissance, groupe, niveau, enseignant, langue, \
                    parent1_nom, parent1_prenom, parent1_courriel, parent1_lien, parent1_langue, parent2_… (aussi pere_…, mere_…, tuteur_…)"
                .into(),
        })
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.key())
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Field, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|h| h.to_string()).collect()
    }

    fn field(header: &str) -> Option<Field> {
        field_of(header).map(|(f, _)| f)
    }

    #[test]
    fn headers_are_recognised_whatever_their_case_accents_and_punctuation() {
        use GuardianPart as P;
        use GuardianSlot as S;
        for (header, expected) in [
            ("Fiche", Some(Field::Fiche)),
            ("No de fiche", Some(Field::Fiche)),
            ("NOM", Some(Field::LastName)),
            ("Nom de famille", Some(Field::LastName)),
            ("Prénom", Some(Field::FirstName)),
            ("PRENOM", Some(Field::FirstName)),
            ("Nom et prénom", Some(Field::FullName)),
            ("Nom, prénom", Some(Field::FullName)),
            ("Code permanent", Some(Field::CodePermanent)),
            ("code_permanent", Some(Field::CodePermanent)),
            ("Date de naissance", Some(Field::BirthDate)),
            ("DATE_NAISSANCE", Some(Field::BirthDate)),
            ("Groupe-repère", Some(Field::Class)),
            ("Classe", Some(Field::Class)),
            ("Foyer", Some(Field::Class)),
            ("Homeroom", Some(Field::Class)),
            ("Niveau", Some(Field::Level)),
            ("Degré", Some(Field::Level)),
            ("Grade", Some(Field::Level)),
            ("Enseignant·e", Some(Field::Teacher)),
            ("Enseignante", Some(Field::Teacher)),
            ("Titulaire", Some(Field::Teacher)),
            ("Teacher", Some(Field::Teacher)),
            ("nom_pere", Some(Field::Guardian(S::Father, P::LastName))),
            ("pnom_pere", Some(Field::Guardian(S::Father, P::FirstName))),
            ("nom_mere", Some(Field::Guardian(S::Mother, P::LastName))),
            ("pnom_mere", Some(Field::Guardian(S::Mother, P::FirstName))),
            ("nom_tuteur", Some(Field::Guardian(S::Tutor, P::LastName))),
            ("adr_electr_pere", Some(Field::Guardian(S::Father, P::Email))),
            ("Parent 1 nom", Some(Field::Guardian(S::Parent1, P::LastName))),
            ("Parent 2 – Prénom", Some(Field::Guardian(S::Parent2, P::FirstName))),
            ("Tuteur 1 courriel", Some(Field::Guardian(S::Parent1, P::Email))),
            ("Courriel du parent 2", Some(Field::Guardian(S::Parent2, P::Email))),
            ("Guardian 1 email", Some(Field::Guardian(S::Parent1, P::Email))),
            ("Guardian1Email", Some(Field::Guardian(S::Parent1, P::Email))),
            ("Lien parent 1", Some(Field::Guardian(S::Parent1, P::Relation))),
            ("Langue", Some(Field::FamilyLanguage)),
            ("Langue de correspondance", Some(Field::FamilyLanguage)),
            ("Preferred language", Some(Field::FamilyLanguage)),
            ("Langue parent 2", Some(Field::Guardian(S::Parent2, P::Language))),
            ("Guardian1Language", Some(Field::Guardian(S::Parent1, P::Language))),
            ("langue_mere", Some(Field::Guardian(S::Mother, P::Language))),
            ("Langue maternelle", None),
            ("Statut", None),
            ("Adresse", None),
            ("Parent 1", None),
        ] {
            assert_eq!(field(header), expected, "header {header:?}");
        }
    }

    #[test]
    fn the_best_named_column_wins_and_the_rest_is_listed_as_ignored() {
        let mapping =
            recognise(&headers(&["Classe", "Fiche", "Nom", "Prénom", "Groupe-repère", "Statut"]), &[]).unwrap();
        assert_eq!(mapping.index(Field::Class), Some(4), "groupe-repère is the homeroom, preferred over classe");
        assert_eq!(mapping.ignored, ["Classe", "Statut"]);
        assert_eq!(mapping.index(Field::Fiche), Some(1));
    }

    #[test]
    fn a_combined_name_is_used_only_without_both_parts() {
        let both = recognise(&headers(&["Nom", "Prénom", "Nom et prénom", "Groupe"]), &[]).unwrap();
        assert_eq!(both.index(Field::FullName), None);
        assert_eq!(both.ignored, ["Nom et prénom"]);
        let combined = recognise(&headers(&["Nom, prénom", "Groupe"]), &[]).unwrap();
        assert_eq!(combined.index(Field::FullName), Some(0));
    }

    #[test]
    fn overrides_replace_recognition_and_name_real_headers() {
        let found = headers(&["Nom", "Prénom", "Local", "Classe"]);
        let mapping = recognise(&found, &[parse_override("groupe=Local").unwrap()]).unwrap();
        assert_eq!(mapping.index(Field::Class), Some(2));
        assert_eq!(mapping.ignored, ["Classe"]);
        let mapping = recognise(&found, &[parse_override("groupe=\"local\"").unwrap()]).unwrap();
        assert_eq!(mapping.index(Field::Class), Some(2), "header matched ignoring case and quotes");
        let unmapped = recognise(&found, &[(Field::Class, String::new())]);
        assert!(matches!(unmapped, Err(Error::RosterMissingColumn { .. })), "an empty override unmaps: {unmapped:?}");
        let unknown = recognise(&found, &[(Field::Class, "Salle".into())]).unwrap_err();
        assert_eq!(unknown.code(), "roster_unknown_header");
        assert!(unknown.to_string().contains("« Salle »") && unknown.to_string().contains("« Local »"), "{unknown}");
        assert_eq!(
            parse_override("parent1_courriel=Courriel mère").unwrap().0,
            Field::Guardian(GuardianSlot::Parent1, GuardianPart::Email)
        );
        assert_eq!(parse_override("prénom=X").unwrap().0, Field::FirstName);
        assert_eq!(parse_override("salle=X").unwrap_err().code(), "roster_unknown_field");
    }

    #[test]
    fn a_missing_class_or_name_column_is_named_with_the_headers_found() {
        let err = recognise(&headers(&["Fiche", "Nom", "Prénom"]), &[]).unwrap_err();
        assert_eq!(err.code(), "roster_missing_column");
        let message = err.to_string();
        assert!(message.contains("groupe") && message.contains("« Fiche »"), "{message}");
        let err = recognise(&headers(&["Nom", "Groupe"]), &[]).unwrap_err().to_string();
        assert!(err.contains("introuvable : prénom (ou"), "only the first name is missing: {err}");
    }

    #[test]
    fn keys_round_trip() {
        for field in Field::all() {
            assert_eq!(field.key().parse::<Field>().unwrap(), field, "{}", field.key());
            assert!(!field.label().is_empty() && !field.label_en().is_empty());
        }
    }
}
